import { randomBytes } from "node:crypto";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { createInventoryClient } from "@trade/api/inventory";
import { checkInventoryInvariants, createInventoryDb, startInventory, type InventoryDb } from "@trade/inventory";
import { startInventoryService, type TestInventory } from "@trade/inventory/testing";
import { databaseName, dropDatabase, withDatabaseName } from "@trade/db/migrations";
import { testServerUrl } from "@trade/db/testing";
import { guardInventory, type BreakerOptions, type GuardedInventory } from "../../src/coordinator/breaker.ts";
import { recoverGlobalTransactions } from "../../src/coordinator/recovery.ts";
import type { RemoteInventory } from "../../src/inventory/port.ts";
import { checkInvariants } from "../../src/risk/invariants.ts";
import { forgetAccountIds } from "../../src/wallet/accounts.ts";
import { forgetCurrencies } from "../../src/wallet/currencies.ts";
import { createTestApp, useStarted, type TestApp } from "../../src/testing/index.ts";

/** The two inventory adapters the order suite runs against (docs/testing.md). */
export const ADAPTERS = ["local", "remote"] as const;
export type Adapter = (typeof ADAPTERS)[number];

/**
 * A TCP hop between the order service and the inventory service, so a test can take the service
 * down and up (a real stop and a restart on its database, behind one stable address), or lose
 * its answers: `blackhole` forwards requests but drops every response (the call ran remotely,
 * the caller times out).
 */
export interface InventoryHop {
  url: string;
  mode: "pass" | "blackhole";
  target: string;
  close(): Promise<void>;
}

async function startHop(target: string): Promise<InventoryHop> {
  const sockets = new Set<net.Socket>();
  const hop: InventoryHop = { url: "", mode: "pass", target, close: async () => undefined };
  const server = net.createServer((client) => {
    sockets.add(client);
    const { hostname, port } = new URL(hop.target);
    const upstream = net.connect(Number(port), hostname);
    sockets.add(upstream);
    client.pipe(upstream);
    // Judged per chunk, not per connection: the client keeps its connections alive.
    upstream.on("data", (chunk: Buffer) => {
      if (hop.mode === "pass") client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hop.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hop.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return hop;
}

/** The real inventory service on a database of its own that outlives a stop (restartable). */
export interface InventoryUnderTest {
  /** The stable address (the hop in front of the service). */
  url: string;
  token: string;
  databaseUrl: string;
  hop: InventoryHop;
  /** A pool on the inventory's database for assertions. */
  db: InventoryDb;
  running(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startInventoryUnderTest(): Promise<InventoryUnderTest> {
  const databaseUrl = withDatabaseName(
    await testServerUrl(),
    `trade_inv_coord_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`,
  );
  // The first start through the shared helper (migrates the new database); restarts on it with
  // the same token through the service's own entry (the helper would pick a new token).
  const first = await startInventoryService({ databaseUrl });
  const token = first.token;
  let service: Pick<TestInventory, "url" | "stop"> | null = first;
  const hop = await startHop(service.url);
  const db = createInventoryDb(databaseUrl, "trade-inventory-test");
  const handle: InventoryUnderTest = {
    url: hop.url,
    token,
    databaseUrl,
    hop,
    db,
    running: () => service !== null,
    async stop() {
      await service?.stop();
      service = null;
    },
    async start() {
      if (service) return;
      // Same database, same token: the restarted service picks up where it stopped.
      service = await startInventory({ databaseUrl, port: 0, token });
      hop.target = service.url;
    },
    async close() {
      await hop.close();
      await service?.stop();
      await db.close();
      await dropDatabase(databaseUrl, databaseName(databaseUrl));
    },
  };
  return handle;
}

export interface AdapterApp extends TestApp {
  adapter: Adapter;
  /** Remote only: the service and the guarded client the app uses. */
  service?: InventoryUnderTest;
  remote?: GuardedInventory;
}

/**
 * A test app on the given adapter: `local` is `createTestApp()` as ever; `remote` also starts the
 * real inventory service (its own database) and gives the app its HTTP client behind the breaker.
 * Remote `assertInvariants` checks the books of both databases: the order database's money (its
 * stock columns are not the stock any more), the inventory's own invariants, and the cross-check
 * that the units the inventory holds are exactly those of the UNPAID orders.
 */
export async function createAdapterApp(
  adapter: Adapter,
  options: Parameters<typeof createTestApp>[0] & { breaker?: Partial<BreakerOptions> } = {},
): Promise<AdapterApp> {
  // This process may have run the other adapter's app on another database just before.
  forgetAccountIds();
  forgetCurrencies();
  if (adapter === "local") return Object.assign(await createTestApp(options), { adapter });
  const service = await startInventoryUnderTest();
  // Generous: the suites assert outcomes under load on a shared machine; tcc.test.ts tests timeouts.
  const timeoutMs = options.breaker?.timeoutMs ?? 10_000;
  const remote = guardInventory(createInventoryClient({ urls: [service.url], token: service.token, timeoutMs }), {
    timeoutMs,
    ...options.breaker,
  });
  const app = await createTestApp({ ...options, inventory: remote });
  const close = app.close.bind(app);
  return Object.assign(app, {
    adapter,
    service,
    remote,
    async assertInvariants() {
      // What the job's recovery would have finished by now (every second, in production).
      await settleGlobalTransactions(app, remote);
      const money = (await checkInvariants(app.db)).filter((v) => !STOCK_CHECKS.has(v.check));
      const stock = await checkInventoryInvariants(service.db);
      const held = await heldMismatches(app, service.db);
      const all = [...money.map((v) => `${v.check} ${v.subject}`), ...stock.map((v) => JSON.stringify(v)), ...held];
      if (all.length > 0) throw new Error(`invariants violated:\n${all.join("\n")}`);
    },
    async close() {
      remote.close();
      await close();
      await service.close();
      forgetAccountIds();
      forgetCurrencies();
    },
  });
}

/** `createAdapterApp` for the tests of a describe block (started before them, closed after). */
export const useAdapterApp = (adapter: Adapter, options?: Parameters<typeof createAdapterApp>[1]) =>
  useStarted(() => createAdapterApp(adapter, options));

/**
 * The job's own client and breaker on a service under test (the recovery runs in another process
 * in production): short calls, a breaker that probes again after 300 ms.
 */
export function jobInventory(service: Pick<InventoryUnderTest, "url" | "token">, timeoutMs = 1_000): GuardedInventory {
  return guardInventory(createInventoryClient({ urls: [service.url], token: service.token, timeoutMs }), {
    timeoutMs,
    resetMs: 300,
  });
}

/**
 * Drives every decided global transaction (CONFIRMING, CANCELLING, TRYING past its deadline) to
 * its end, as the job's recovery does: up to 15 s, then the invariants say what is left.
 */
export async function settleGlobalTransactions(app: TestApp, inventory: RemoteInventory): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 15_000) {
    const left = await app.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM global_transactions
       WHERE state IN ('CONFIRMING', 'CANCELLING') OR (state = 'TRYING' AND deadline <= now())`;
    if (Number(left[0]?.n ?? 0) === 0) return;
    await app.db
      .$executeRaw`UPDATE global_transactions SET next_attempt_at = now() WHERE state IN ('CONFIRMING', 'CANCELLING')`;
    await recoverGlobalTransactions(app.db, inventory);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The order database's stock checks: meaningless in the remote mode (the inventory owns stock). */
const STOCK_CHECKS = new Set(["stock_locked", "bucket_locked"]);

async function heldMismatches(app: TestApp, inventory: InventoryDb): Promise<string[]> {
  const unpaid = await app.db.$queryRaw<{ sku_id: number; units: bigint }[]>`
    SELECT i.sku_id, sum(i.quantity)::bigint AS units FROM order_items i JOIN orders o ON o.id = i.order_id
     WHERE o.status = 'UNPAID' GROUP BY i.sku_id`;
  const held = await inventory.pool.query<{ sku_id: number; units: string }>(
    `SELECT h.sku_id, sum(h.quantity)::text AS units FROM stock_holds h
       JOIN tcc_fences f ON f.tx_id = h.tx_id AND f.branch = 'stock' WHERE f.state = 'TRIED' GROUP BY h.sku_id`,
  );
  const want = new Map(unpaid.map((r) => [r.sku_id, Number(r.units)]));
  const got = new Map(held.rows.map((r) => [r.sku_id, Number(r.units)]));
  const out: string[] = [];
  for (const id of new Set([...want.keys(), ...got.keys()]))
    if ((want.get(id) ?? 0) !== (got.get(id) ?? 0))
      out.push(`held sku:${id}: UNPAID orders ${want.get(id) ?? 0}, inventory holds ${got.get(id) ?? 0}`);
  return out;
}

/** A SKU's figures wherever its stock lives (the order database, or the inventory service). */
export async function stockOf(app: TestApp, skuId: number): Promise<[stock: number, locked: number, sold: number]> {
  const inventory = app.deps.inventory;
  if (inventory.kind === "remote") {
    const figures = (await inventory.figures([skuId])).get(skuId);
    if (!figures) throw new Error(`sku ${skuId} unknown to the inventory`);
    return [figures.stock, figures.stockLocked, figures.sold];
  }
  const s = await app.db.sku.findUniqueOrThrow({ where: { id: skuId } });
  return [s.stock, s.stockLocked, s.sold];
}
