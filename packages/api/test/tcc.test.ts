import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GuardedInventory } from "../src/coordinator/breaker.ts";
import { beginGlobalTx, txIdFor } from "../src/coordinator/log.ts";
import { recoverGlobalTransactions } from "../src/coordinator/recovery.ts";
import { expireDueOrders } from "../src/ops/expire-orders.ts";
import { createAdapterApp, jobInventory, stockOf, type AdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

// The TCC coordinator against the real inventory service (its own database, real HTTP): the log,
// recovery after a crash, pay racing expiry, Confirm during an outage, idempotency (the breaker:
// tcc-outage.test.ts).

let app: AdapterApp;
/** The job's own client and breaker (the recovery runs in another process in production). */
let job: GuardedInventory;
beforeAll(async () => {
  app = await createAdapterApp("remote", { policy: { maxOpenOrders: 0, maxHeldUnitsPerSku: 0 } });
  job = jobInventory(app.service!);
});
afterAll(async () => {
  job?.close();
  await app?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LogRow {
  id: string;
  state: string;
  order_id: number | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
}
const logOf = async (txId: string) =>
  (await app.db.$queryRaw<LogRow[]>`SELECT * FROM global_transactions WHERE id = ${txId}`)[0];
const logOfOrder = async (orderId: number) =>
  (await app.db.$queryRaw<LogRow[]>`SELECT * FROM global_transactions WHERE order_id = ${orderId}`)[0];
const fenceOf = async (txId: string) =>
  (
    await app.service!.db.pool.query<{ state: string; created_at: Date }>(
      "SELECT state, created_at FROM tcc_fences WHERE tx_id = $1 AND branch = 'stock'",
      [txId],
    )
  ).rows[0];
const unfinished = async () =>
  Number(
    (
      await app.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM global_transactions WHERE state IN ('TRYING', 'CONFIRMING', 'CANCELLING')`
    )[0]?.n ?? 0,
  );

/** Waits out an open breaker (a previous test's outage) so the next call may pass. */
async function breakerNotOpen(): Promise<void> {
  for (let i = 0; i < 50 && app.remote!.breakerState() === "open"; i++) await sleep(100);
}

/** Runs the recovery (as the job does, every ~100 ms here) until nothing is unfinished. */
async function recoverAll(timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    await recoverGlobalTransactions(app.db, job);
    if ((await unfinished()) === 0) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`still ${await unfinished()} unfinished global transactions after ${timeoutMs} ms`);
}

describe("the coordinator log", () => {
  it("is committed before the Try reaches the inventory, and ends CONFIRMED when paid", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "2.00" });
    const buyer = await fundedMember(app, "10.00");
    const idempotencyKey = key();
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey });
    const txId = txIdFor(buyer.id, idempotencyKey);
    const log = await logOf(txId);
    const fence = await fenceOf(txId);
    expect(log).toMatchObject({ state: "TRIED", order_id: order.id });
    expect(fence?.state).toBe("TRIED");
    // One PostgreSQL server holds both databases: one clock.
    expect(log!.created_at.getTime()).toBeLessThanOrEqual(fence!.created_at.getTime());
    expect(await stockOf(app, sku.id)).toEqual([3, 2, 0]);

    await buyer.api.order.pay({ orderId: order.id });
    expect((await logOf(txId))?.state).toBe("CONFIRMED");
    expect((await fenceOf(txId))?.state).toBe("CONFIRMED");
    expect(await stockOf(app, sku.id)).toEqual([3, 0, 2]);
    await app.assertInvariants();
  });

  it("a retried placement (same key) reuses its txId; a key refused out of stock places later as its next attempt", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 3, price: "1.00" });
    const buyer = await fundedMember(app, "50.00");
    const idempotencyKey = key();
    const input = { items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey };
    const results = await Promise.all(Array.from({ length: 5 }, () => buyer.api.order.place(input)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const again = await buyer.api.order.place(input);
    expect(again).toMatchObject({ id: results[0]!.id, replayed: true });
    const logs = await app.db.$queryRaw<LogRow[]>`SELECT * FROM global_transactions WHERE buyer_id = ${buyer.id}`;
    expect(logs.map((l) => [l.id, l.state])).toEqual([[txIdFor(buyer.id, idempotencyKey), "TRIED"]]);
    expect(await stockOf(app, sku.id)).toEqual([1, 2, 0]);

    const second = { items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() };
    expect(await codeOf(buyer.api.order.place(second))).toBe("OUT_OF_STOCK");
    expect((await logOf(txIdFor(buyer.id, second.idempotencyKey)))?.state).toBe("CANCELLED");
    await app.remote!.adjust({
      merchantId: merchant.id,
      skuId: sku.id,
      delta: 1,
      reason: "restock",
      actorId: merchant.id,
    });
    const placed = await buyer.api.order.place(second);
    expect(placed.replayed).toBe(false);
    expect((await logOfOrder(placed.id))?.id).toBe(txIdFor(buyer.id, second.idempotencyKey, 1));
    expect(await stockOf(app, sku.id)).toEqual([0, 4, 0]);
    await app.assertInvariants();
  });
});

describe("recovery", () => {
  it("cancels Trys whose placement died before its local transaction, within seconds, once each across two instances", async () => {
    const { sku } = await stockedSku(app, { stock: 40, price: "1.00" });
    const buyer = await app.user("MEMBER");
    // The placement's first two steps, then nothing: the process "crashed" before its local transaction.
    const txIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const begun = await beginGlobalTx(app.db, {
        buyerId: buyer.id,
        idempotencyKey: key(),
        lines: [{ skuId: sku.id, quantity: 2 }],
        deadlineMs: 30_000,
      });
      if (begun.kind !== "trying") throw new Error("expected a new TRYING row");
      expect(await app.remote!.tryHold(begun.txId, [{ skuId: sku.id, quantity: 2 }])).toEqual({ ok: true });
      txIds.push(begun.txId);
    }
    expect(await stockOf(app, sku.id)).toEqual([0, 40, 0]);
    // Before the deadline, recovery leaves them alone (the placement may still be running).
    expect((await recoverGlobalTransactions(app.db, job)).abandoned).toBe(0);
    // Their deadline passes (as it would 15 s after a crash).
    await app.db.$executeRaw`UPDATE global_transactions SET deadline = now() WHERE id = ANY(${txIds}::text[])`;
    const started = Date.now();
    // Two job instances at once.
    const runs = await Promise.all([recoverGlobalTransactions(app.db, job), recoverGlobalTransactions(app.db, job)]);
    const tookMs = Date.now() - started;
    expect(runs[0].cancelled + runs[1].cancelled).toBe(20);
    expect(runs[0].abandoned + runs[1].abandoned).toBe(20);
    expect(tookMs).toBeLessThan(5_000);
    for (const txId of txIds) {
      expect((await logOf(txId))?.state).toBe("CANCELLED");
      expect((await fenceOf(txId))?.state).toBe("CANCELLED");
    }
    expect(await stockOf(app, sku.id)).toEqual([40, 0, 0]);
    await app.assertInvariants();
  });

  it("a Confirm the stopped service could not take stays CONFIRMING, and recovery confirms it once the service is back", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "3.00" });
    const buyer = await fundedMember(app, "30.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await app.service!.stop();
    try {
      // Paid is decided and committed in the order database: the buyer is told PAID.
      expect((await buyer.api.order.pay({ orderId: order.id })).status).toBe("PAID");
      const log = await logOfOrder(order.id);
      expect(log).toMatchObject({ state: "CONFIRMING" });
      expect(log!.attempts).toBeGreaterThanOrEqual(1);
      expect(log!.last_error).toMatch(/confirm/);
      await sleep(600);
      const failing = await recoverGlobalTransactions(app.db, job);
      expect(failing.confirmed).toBe(0);
      expect((await logOfOrder(order.id))?.state).toBe("CONFIRMING");
    } finally {
      await app.service!.start();
    }
    const took = await recoverAll();
    expect(took).toBeLessThan(5_000);
    expect((await logOfOrder(order.id))?.state).toBe("CONFIRMED");
    expect(await stockOf(app, sku.id)).toEqual([4, 0, 1]);
    await app.assertInvariants();
  });
});

describe("pay racing expiry across services", () => {
  it("exactly one wins each order: a paid order's units are sold, an expired one's back in stock", async () => {
    await recoverAll();
    await breakerNotOpen();
    const { sku } = await stockedSku(app, { stock: 200, price: "1.00" });
    const buyers = await Promise.all(Array.from({ length: 10 }, () => fundedMember(app, "100.00")));
    const orders: { id: number; buyer: (typeof buyers)[number] }[] = [];
    for (const buyer of buyers)
      for (let i = 0; i < 4; i++) {
        const o = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
        orders.push({ id: o.id, buyer });
      }
    const ids = orders.map((o) => o.id);
    await app.db
      .$executeRaw`UPDATE orders SET expires_at = now() + interval '300 milliseconds' WHERE id = ANY(${ids}::int[])`;
    const sweeping = (async () => {
      const until = Date.now() + 900;
      while (Date.now() < until) {
        await Promise.all([expireDueOrders(app.deps), expireDueOrders(app.deps)]);
        await sleep(5);
      }
    })();
    const paying = orders.map(async ({ id, buyer }, i) => {
      await sleep((i * 600) / orders.length);
      return codeOf(buyer.api.order.pay({ orderId: id }));
    });
    const answers = await Promise.all(paying);
    await sweeping;
    await recoverAll();
    const final = await app.db.order.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
    const paid = final.filter((o) => o.status === "PAID").map((o) => o.id);
    const expired = final.filter((o) => o.status === "EXPIRED").map((o) => o.id);
    expect(paid.length + expired.length).toBe(orders.length);
    expect(paid.length).toBeGreaterThan(0);
    expect(expired.length).toBeGreaterThan(0);
    // Whoever won answered so: a pay that lost says ORDER_EXPIRED.
    expect(answers.filter((a) => a === "RESOLVED").length).toBe(paid.length);
    expect(answers.filter((a) => a !== "RESOLVED").every((a) => a === "ORDER_EXPIRED")).toBe(true);
    for (const id of paid) {
      const log = await logOfOrder(id);
      expect(log?.state).toBe("CONFIRMED");
      expect((await fenceOf(log!.id))?.state).toBe("CONFIRMED");
    }
    for (const id of expired) {
      const log = await logOfOrder(id);
      expect(log?.state).toBe("CANCELLED");
      expect((await fenceOf(log!.id))?.state).toBe("CANCELLED");
    }
    expect(await stockOf(app, sku.id)).toEqual([200 - paid.length, 0, paid.length]);
    await app.assertInvariants();
  });
});
