import { createDb } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../src/errors/index.ts";
import { configureCoordinator, DEFAULT_COORDINATOR_SETTINGS, settleGraceMs } from "../src/coordinator/settings.ts";
import { DEFAULT_TX_ATTEMPTS, runTx } from "../src/infra/tx.ts";
import { shownStockFigures } from "../src/inventory/stock-view.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { walletAccountId } from "../src/wallet/accounts.ts";
import { createAdapterApp } from "./support/adapters.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";
import { holdRowLock } from "./support/locks.ts";

/**
 * Services read no environment: the order TTL and the transaction retry budget come from the
 * policy the app (here the test) builds once. Both are set far from their defaults (1800 s, 5
 * attempts) so a service that still read the environment would fail these.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ policy: { orderTtlSeconds: 60, txMaxAttempts: 2 } });
});
afterAll(async () => {
  await app?.close();
});

/** Runs a transaction that waits on a row lock someone else holds; counts its attempts. */
async function contended(db: TestApp["db"], walletId: number) {
  let runs = 0;
  const error: unknown = await runTx(db, async (tx) => {
    runs++;
    await tx.$executeRawUnsafe("SET LOCAL lock_timeout = '50ms'");
    await tx.$queryRawUnsafe("SELECT id FROM accounts WHERE id = $1 FOR UPDATE", walletId);
  }).catch((e: unknown) => e);
  return { runs, error };
}

describe("services take their configuration from the policy", () => {
  it("an order holds for the policy's TTL", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "1.00" });
    const member = await fundedMember(app, "10.00");
    const before = Date.now();
    const order = await member.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const after = Date.now();
    const expires = new Date(order.expiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 60_000);
    expect(expires).toBeLessThanOrEqual(after + 60_000);
  });

  it("runTx makes as many attempts as the client's configured budget, then BUSY; an unconfigured client the default", async () => {
    const member = await app.user("MEMBER");
    const walletId = await walletAccountId(app.db, member.id, "USD");
    const held = await holdRowLock(app.db, "accounts", walletId);
    const other = createDb({ url: app.url, DB_POOL_SIZE: 2 });
    try {
      const configured = await contended(app.db, walletId);
      expect(configured.error).toBeInstanceOf(DomainError);
      expect((configured.error as DomainError).code).toBe("BUSY");
      expect(configured.runs).toBe(2);
      const unconfigured = await contended(other, walletId);
      expect((unconfigured.error as DomainError).code).toBe("BUSY");
      expect(unconfigured.runs).toBe(DEFAULT_TX_ATTEMPTS);
    } finally {
      await held.release();
      await other.$disconnect();
    }
  });
});

/**
 * The remote mode's timings (the Try deadline, the settle grace, the stock figures' TTL) travel
 * with the inventory client (`configureCoordinator`, set by `inventoryFromEnv`), far from their
 * defaults here, so a service that still read the environment would fail these.
 */
describe("the coordinator takes its timings from its inventory client", () => {
  it("the Try deadline, the settle grace and the figures' TTL are the client's", async () => {
    const remote = await createAdapterApp("remote");
    try {
      const inventory = remote.remote!;
      expect(settleGraceMs(inventory)).toBe(2 * DEFAULT_COORDINATOR_SETTINGS.callTimeoutMs + 1_000);
      configureCoordinator(inventory, { tryDeadlineMs: 120_000, callTimeoutMs: 7_000, figuresTtlMs: 60_000 });
      expect(settleGraceMs(inventory)).toBe(15_000);

      const { sku } = await stockedSku(remote, { stock: 5, price: "1.00" });
      const member = await fundedMember(remote, "10.00");
      const order = await member.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      const [log] = await remote.db.$queryRaw<{ ms: number }[]>`
        SELECT extract(epoch FROM deadline - created_at) * 1000 AS ms FROM global_transactions WHERE order_id = ${order.id}`;
      expect(Number(log?.ms)).toBeGreaterThan(119_000);
      expect(Number(log?.ms)).toBeLessThan(121_000);

      // Read (and kept for 60 s), then the inventory changes behind this process's back: past the
      // default TTL (1 s) the figure is still the one read.
      const shown = async () => (await shownStockFigures(inventory, remote.db, [sku.id])).get(sku.id)?.stock;
      const first = await shown();
      await remote.service!.db.pool.query("UPDATE skus SET stock = stock + 3 WHERE id = $1", [sku.id]);
      await new Promise((resolve) => setTimeout(resolve, DEFAULT_COORDINATOR_SETTINGS.figuresTtlMs + 300));
      expect(await shown()).toBe(first);
      // The service itself has 5 - 1 held + 3.
      expect((await inventory.figures([sku.id])).get(sku.id)?.stock).toBe(7);
      expect(first).not.toBe(7);
    } finally {
      await remote.close();
    }
  });
});
