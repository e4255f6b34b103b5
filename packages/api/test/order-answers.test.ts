import { describe, expect, it } from "vitest";
import { MAX_LINE_QUANTITY } from "../src/inventory/limits.ts";
import { cancelOrder, expireNextDueOrder } from "../src/order/close.ts";
import { placeOrder } from "../src/order/place.ts";
import { useTestApp } from "../src/testing/index.ts";
import {
  codeOf,
  dropUnitsLimit,
  fundedMember,
  key,
  makeDue,
  refusalOf,
  stockedSku,
  walletAccountOf,
} from "./support/fixtures.ts";
import { holdRowLock, waitForLockWaiters } from "./support/locks.ts";

// What placing, cancelling and expiring answer, field by field, and the refusals only a direct
// service call reaches (the router's input schema and access checks refuse them first): the
// service must not depend on its caller for them. One database for the file; the expiry cases
// make their own orders due and leave none due behind.
// This file's poison order needs a SKU counter at int4's maximum, which the limits migration
// refuses; the file has its own database (see apps/job/test/expire-poison.test.ts).
const app = useTestApp({}, dropUnitsLimit);

const policy = { maxOpenOrders: 10, maxHeldUnitsPerSku: 20_000, orderTtlSeconds: 900 };

describe("placing", () => {
  it("the placed order's view is order.get's, due after the TTL; its replay is the same order, replayed", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "2.50" });
    const buyer = await fundedMember(app(), "50.00");
    const k = key();
    const before = Date.now();
    const placed = await placeOrder(
      { ...app().deps, policy },
      { id: buyer.id, status: "ACTIVE" },
      {
        items: [{ skuId: sku.id, quantity: 2 }],
        idempotencyKey: k,
      },
    );
    const { replayed, ...view } = placed;
    expect(replayed).toBe(false);
    expect(view).toEqual(await buyer.api.order.get({ orderId: placed.id }));
    expect(view).toMatchObject({ status: "UNPAID", total: "5.00", currency: "USD" });
    const ttlMs = view.expiresAt.getTime() - before;
    expect(ttlMs).toBeGreaterThan(899_000);
    expect(ttlMs).toBeLessThanOrEqual(900_000 + (Date.now() - before));
    const again = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: k });
    expect(again).toEqual({ ...view, replayed: true });
    expect(
      await refusalOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 3 }], idempotencyKey: k })),
    ).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    await app().assertInvariants();
  });

  it("refusals the router never lets through: a frozen buyer, no items, a line past the quantity limit", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "50.00");
    const deps = { ...app().deps, policy };
    const active = { id: buyer.id, status: "ACTIVE" };
    const one = { items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() };
    expect(await refusalOf(placeOrder(deps, { id: buyer.id, status: "FROZEN" }, one))).toMatchObject({
      code: "ACCOUNT_FROZEN",
    });
    expect(await refusalOf(placeOrder(deps, active, { items: [], idempotencyKey: key() }))).toEqual({
      code: "BAD_REQUEST",
      details: { field: "items" },
      message: "An order needs at least one item.",
    });
    // Two lines of one SKU are one demand: each within the limit, together past it.
    const half = MAX_LINE_QUANTITY / 2;
    const lines = [
      { skuId: sku.id, quantity: half },
      { skuId: sku.id, quantity: half + 1 },
    ];
    expect(await refusalOf(placeOrder(deps, active, { items: lines, idempotencyKey: key() }))).toMatchObject({
      code: "QUANTITY_LIMIT",
      details: { skuId: sku.id, max: MAX_LINE_QUANTITY },
    });
    expect(await app().db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
  });

  it("a line's refusal names its SKU; a cart's (two merchants, two currencies) names none", async () => {
    const a = await stockedSku(app(), { stock: 5, price: "1.00" });
    const b = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "50.00");
    await a.merchant.api.merchant.skus.setStatus({ skuId: a.sku.id, status: "DELISTED" });
    const place = (items: { skuId: number; quantity: number }[]) =>
      refusalOf(buyer.api.order.place({ items, idempotencyKey: key() }));
    expect(await place([{ skuId: a.sku.id, quantity: 1 }])).toMatchObject({
      code: "NOT_LISTED",
      details: { skuId: a.sku.id },
    });
    const mismatch = await place([
      { skuId: b.sku.id, quantity: 1 },
      { skuId: (await stockedSku(app(), { stock: 5, price: "1.00" })).sku.id, quantity: 1 },
    ]);
    expect([mismatch.code, mismatch.details]).toEqual(["MERCHANT_MISMATCH", undefined]);
    const yen = await stockedSku(app(), { stock: 5, price: "100", currency: "JPY", merchant: b.merchant });
    const currencies = await place([
      { skuId: b.sku.id, quantity: 1 },
      { skuId: yen.sku.id, quantity: 1 },
    ]);
    expect([currencies.code, currencies.details]).toEqual(["CURRENCY_MISMATCH", undefined]);
    expect(await app().db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
  });

  it("concurrent duplicates of one key all answer the one order: each loser waits for the winner and replays it", async () => {
    const { sku } = await stockedSku(app(), { stock: 50, price: "1.00" });
    const buyer = await fundedMember(app(), "50.00");
    const k = key();
    // A loser's INSERT waits for the winner's to commit and writes nothing; it then finds the
    // winner's order by the key (IDEMPOTENCY_IN_FLIGHT only if it did not, which cannot happen).
    // Made certain, not left to timing: the buyer's account is locked until all 12 statements
    // wait for it, so each loser's statement began before the winner committed. Its snapshot
    // shows no order under the key (no replay from the statement itself) and its INSERT finds
    // the key taken: only the lookup after "nothing written" can answer it.
    const account = await walletAccountOf(app(), buyer.id);
    const lock = await holdRowLock(app().db, "accounts", account.id);
    const calls = Array.from({ length: 12 }, () =>
      buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k }),
    );
    const codes = Promise.all(calls.map((call) => codeOf(call)));
    await waitForLockWaiters(app().db, 12);
    await lock.release();
    expect(await codes).toEqual(Array.from({ length: 12 }, () => "RESOLVED"));
    const answers = await Promise.all(calls);
    const first = answers.find((a) => !a.replayed);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    for (const answer of answers) expect(answer).toEqual({ ...first, replayed: answer !== first });
    await app().assertInvariants();
  });

  it("a retry with the cart's lines in another order is the same request: replayed, not a conflict", async () => {
    const first = await stockedSku(app(), { stock: 5, price: "1.00" });
    const second = await stockedSku(app(), { stock: 5, price: "2.00", merchant: first.merchant });
    const buyer = await fundedMember(app(), "50.00");
    const k = key();
    const lines = [
      { skuId: second.sku.id, quantity: 2 },
      { skuId: first.sku.id, quantity: 1 },
    ];
    const placed = await buyer.api.order.place({ items: lines, idempotencyKey: k });
    expect(placed).toMatchObject({ total: "5.00", replayed: false });
    const again = await buyer.api.order.place({ items: [...lines].reverse(), idempotencyKey: k });
    expect(again).toEqual({ ...placed, replayed: true });
    expect(await app().db.order.count({ where: { buyerId: buyer.id } })).toBe(1);
    await app().assertInvariants();
  });

  it("a line of exactly the quantity limit is placed (the limit is inclusive)", async () => {
    const { sku } = await stockedSku(app(), { stock: MAX_LINE_QUANTITY, price: "0.01" });
    const buyer = await fundedMember(app(), "100.00");
    const items = [{ skuId: sku.id, quantity: MAX_LINE_QUANTITY }];
    const placed = await placeOrder(
      { ...app().deps, policy },
      { id: buyer.id, status: "ACTIVE" },
      { items, idempotencyKey: key() },
    );
    expect(placed).toMatchObject({ status: "UNPAID", total: "100.00" });
    expect((await buyer.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "0.00",
      frozen: "100.00",
    });
    await app().assertInvariants();
  });

  it("flash sale: units taken while the placement rebalances the buckets are OUT_OF_STOCK with what is left", async () => {
    const s = await stockedSku(app(), { stock: 20, price: "1.00" });
    await s.merchant.api.merchant.skus.setFlashMode({ skuId: s.sku.id, buckets: 4 });
    const buyer = await fundedMember(app(), "50.00");
    // Another transaction empties buckets 0-2 (5 units each) and has not committed: the
    // placement reads 20 free units, no bucket holding 8 (BUCKETS_SHORT), and its rebalance
    // waits for those bucket locks. Committed then, the sum under the locks is 5: short. Only
    // this answer is the rebalance's (the statement's own OUT_OF_STOCK is judged on what it read).
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let emptied!: () => void;
    const isEmptied = new Promise<void>((resolve) => (emptied = resolve));
    const taker = app().db.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE sku_stock_buckets SET stock = 0 WHERE sku_id = ${s.sku.id} AND bucket < 3`;
        emptied();
        await committing;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    await isEmptied;
    const placing = refusalOf(
      buyer.api.order.place({ items: [{ skuId: s.sku.id, quantity: 8 }], idempotencyKey: key() }),
    );
    await waitForLockWaiters(app().db);
    commit();
    await taker;
    expect(await placing).toMatchObject({ code: "OUT_OF_STOCK", details: { skuId: s.sku.id, available: 5 } });
    expect(await app().db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
    expect((await buyer.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "50.00",
      frozen: "0.00",
    });
    // The 15 units given back by hand: 20 free again, and 8 of them sell.
    await app().db.$executeRaw`UPDATE sku_stock_buckets SET stock = 5 WHERE sku_id = ${s.sku.id} AND bucket < 3`;
    const placed = await buyer.api.order.place({ items: [{ skuId: s.sku.id, quantity: 8 }], idempotencyKey: key() });
    expect(placed).toMatchObject({ status: "UNPAID", total: "8.00" });
    await app().assertInvariants();
  });
});

describe("closing", () => {
  it("cancelling answers the cancelled order; a paid one is ORDER_NOT_CANCELLABLE with its status; another buyer's NOT_FOUND", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "50.00");
    const placed = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const cancelled = await cancelOrder(app().deps, buyer.id, placed.id);
    expect(cancelled).toEqual(await buyer.api.order.get({ orderId: placed.id }));
    expect(cancelled.status).toBe("CANCELLED");
    const paid = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await buyer.api.order.pay({ orderId: paid.id });
    expect(await refusalOf(buyer.api.order.cancel({ orderId: paid.id }))).toMatchObject({
      code: "ORDER_NOT_CANCELLABLE",
      details: { status: "PAID" },
    });
    const stranger = await fundedMember(app(), "5.00");
    const mine = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    expect(await refusalOf(stranger.api.order.cancel({ orderId: mine.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await buyer.api.order.get({ orderId: mine.id })).status).toBe("UNPAID");
    await app().assertInvariants();
  });

  it("the sweep expires a due order and says whose; then nothing is due", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "50.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await makeDue(app(), order.id);
    expect(await expireNextDueOrder(app().deps)).toEqual({ id: order.id, buyerId: buyer.id, quarantined: false });
    expect(await expireNextDueOrder(app().deps)).toBeNull();
    expect((await buyer.api.order.get({ orderId: order.id })).status).toBe("EXPIRED");
    expect((await buyer.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "50.00",
      frozen: "0.00",
    });
    await app().assertInvariants();
  });

  it("an order whose release fails for good is set aside (quarantined) and the sweep moves on", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "50.00");
    const poison = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    // Releasing the held unit overflows the stock counter (SQLSTATE 22003): no retry fixes that.
    await app().db.$executeRaw`UPDATE skus SET stock = 2147483647 WHERE id = ${sku.id}`;
    await makeDue(app(), poison.id);
    expect(await expireNextDueOrder(app().deps)).toEqual({ id: poison.id, buyerId: buyer.id, quarantined: true });
    const row = await app().db.order.findUniqueOrThrow({ where: { id: poison.id } });
    expect([row.status, row.expiryQuarantinedAt instanceof Date]).toEqual(["UNPAID", true]);
    // Skipped from then on: the sweep finds nothing else due.
    expect(await expireNextDueOrder(app().deps)).toBeNull();
    // Repaired by hand and cancelled, so the file's books are clean again.
    await app().db.$executeRaw`UPDATE skus SET stock = 4 WHERE id = ${sku.id}`;
    expect((await buyer.api.order.cancel({ orderId: poison.id })).status).toBe("CANCELLED");
    await app().assertInvariants();
  });

  it("an order whose funds cannot be released (books broken) is quarantined with reason INTERNAL", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "3.00" });
    const buyer = await fundedMember(app(), "50.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const account = await walletAccountOf(app(), buyer.id);
    // The hold's 3.00 is gone from frozen behind the services' backs: the release guard refuses.
    await app().db.$executeRaw`UPDATE accounts SET frozen = 0, balance = balance + 3 WHERE id = ${account.id}`;
    await makeDue(app(), order.id);
    expect(await expireNextDueOrder(app().deps)).toEqual({ id: order.id, buyerId: buyer.id, quarantined: true });
    const alert = await app().db.riskAlert.findFirstOrThrow({
      where: { dedupeKey: `expiry_failed:order:${order.id}` },
    });
    expect(alert.details).toMatchObject({ orderId: order.id, reason: "INTERNAL", sqlState: null });
    await app().db.$executeRaw`UPDATE accounts SET frozen = 3, balance = balance - 3 WHERE id = ${account.id}`;
    expect((await buyer.api.order.cancel({ orderId: order.id })).status).toBe("CANCELLED");
    await app().assertInvariants();
  });
});
