/**
 * Fills a database with a PREVIOUS release's own code (packages/api/test/upgrade.test.ts runs it
 * in a child process, with the release checked out at `process.argv[2]`). It imports the
 * release's modules by path, so it is written against the release's interface, declared below,
 * not today's: the types here are what that code offered, and the script never touches today's
 * modules (they could not write the older schema). Prints one JSON line: the database and the
 * ids the test checks.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The release's router caller, as far as this script uses it. */
interface ReleaseCaller {
  wallet: {
    deposit(input: { currency: string; amount: string; idempotencyKey: string }): Promise<unknown>;
    withdraw(input: {
      currency: string;
      amount: string;
      idempotencyKey: string;
    }): Promise<{ id: number; status: string }>;
  };
  order: {
    place(input: {
      items: { skuId: number; quantity: number }[];
      idempotencyKey: string;
    }): Promise<{ id: number; status: string }>;
    pay(input: { orderId: number }): Promise<{ status: string }>;
    cancel(input: { orderId: number }): Promise<{ status: string }>;
  };
}
interface ReleaseDb {
  $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
  $disconnect(): Promise<void>;
}
interface ReleaseApp {
  db: ReleaseDb;
  deps: { db: ReleaseDb; redis: { disconnect(): void } | null };
  url: string;
  user(role?: string): Promise<{ id: number; api: ReleaseCaller }>;
  assertInvariants(): Promise<void>;
}
interface ReleaseModules {
  createTestApp(options?: { poolSize?: number }): Promise<ReleaseApp>;
  seedDemo(db: ReleaseDb): Promise<unknown>;
  expireNextDueOrder(deps: ReleaseApp["deps"]): Promise<{ id: number } | null>;
}

export interface FilledRelease {
  url: string;
  /** UNPAID orders left open by the release: today's code pays or cancels them. */
  unpaid: { id: number; buyerId: number }[];
  /** A withdrawal waiting for an operator, requested under the release. */
  pendingWithdrawal: { id: number; userId: number };
}

async function load(root: string): Promise<ReleaseModules> {
  const from = async (file: string): Promise<Record<string, unknown>> =>
    (await import(pathToFileURL(path.join(root, "packages/api/src", file)).href)) as Record<string, unknown>;
  const [testing, demo, close] = await Promise.all([
    from("testing/index.ts"),
    from("seed/demo.ts"),
    from("order/close.ts"),
  ]);
  return {
    createTestApp: testing.createTestApp as ReleaseModules["createTestApp"],
    seedDemo: demo.seedDemo as ReleaseModules["seedDemo"],
    expireNextDueOrder: close.expireNextDueOrder as ReleaseModules["expireNextDueOrder"],
  };
}

const key = () => `upgrade-${randomUUID()}`;

async function fill(root: string): Promise<FilledRelease> {
  const release = await load(root);
  // The release's createTestApp migrates a fresh database with the release's own migrations.
  const app = await release.createTestApp({ poolSize: 4 });
  try {
    await release.seedDemo(app.db);
    const skus = await app.db.$queryRawUnsafe<{ id: number; currency: string }[]>(
      `SELECT id, currency FROM skus WHERE code IN ('CIS-10', 'GTS-6') ORDER BY code`,
    );
    const usd = skus.find((s) => s.currency === "USD");
    const cny = skus.find((s) => s.currency === "CNY");
    if (!usd || !cny) throw new Error("the release's demo seed has no CIS-10 / GTS-6 SKU");

    const unpaid: FilledRelease["unpaid"] = [];
    for (let i = 0; i < 3; i++) {
      const buyer = await app.user("MEMBER");
      await buyer.api.wallet.deposit({ currency: "USD", amount: "2500.00", idempotencyKey: key() });
      await buyer.api.wallet.deposit({ currency: "CNY", amount: "1000.00", idempotencyKey: key() });
      const paid = await buyer.api.order.place({ items: [{ skuId: usd.id, quantity: 2 }], idempotencyKey: key() });
      await buyer.api.order.pay({ orderId: paid.id });
      const paidCny = await buyer.api.order.place({ items: [{ skuId: cny.id, quantity: 1 }], idempotencyKey: key() });
      await buyer.api.order.pay({ orderId: paidCny.id });
      const cancelled = await buyer.api.order.place({ items: [{ skuId: usd.id, quantity: 1 }], idempotencyKey: key() });
      await buyer.api.order.cancel({ orderId: cancelled.id });
      // One expired by the release's own sweep, its hold released.
      const due = await buyer.api.order.place({ items: [{ skuId: cny.id, quantity: 2 }], idempotencyKey: key() });
      await app.db.$executeRawUnsafe(
        `UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1`,
        due.id,
      );
      if ((await release.expireNextDueOrder(app.deps))?.id !== due.id)
        throw new Error(`order ${due.id} did not expire`);
      const open = await buyer.api.order.place({ items: [{ skuId: usd.id, quantity: 1 }], idempotencyKey: key() });
      unpaid.push({ id: open.id, buyerId: buyer.id });
      await buyer.api.wallet.withdraw({ currency: "USD", amount: "10.00", idempotencyKey: key() }); // instant
    }
    const saver = await app.user("MEMBER");
    await saver.api.wallet.deposit({ currency: "USD", amount: "5000.00", idempotencyKey: key() });
    const pending = await saver.api.wallet.withdraw({ currency: "USD", amount: "1500.00", idempotencyKey: key() });
    if (pending.status !== "PENDING") throw new Error(`a 1500 USD withdrawal was ${pending.status}, not PENDING`);
    await app.assertInvariants();
    return { url: app.url, unpaid, pendingWithdrawal: { id: pending.id, userId: saver.id } };
  } finally {
    // Not app.close(): that drops the database, which the test migrates next.
    await app.db.$disconnect();
    app.deps.redis?.disconnect();
  }
}

const root = process.argv[2];
if (!root) throw new Error("usage: fill-release.ts <release checkout>");
process.stdout.write(`${JSON.stringify(await fill(root))}\n`);
