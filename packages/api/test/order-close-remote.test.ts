import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelOrder, expireNextDueOrder } from "../src/order/close.ts";
import { walletAccountId } from "../src/wallet/accounts.ts";
import { createAdapterApp, stockOf, type AdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, makeDue, stockedSku } from "./support/fixtures.ts";
import { holdRowLock, withOwnPool } from "./support/locks.ts";

// Closing an order in remote inventory mode (the stock is the inventory service's, real HTTP and
// its own database), read the moment the service returns: the cancel and the expiry send the
// inventory its Cancel themselves and move the order's log row to CANCELLED before answering (not
// left CANCELLING for the job's recovery, which `assertInvariants` runs, so every check here comes
// before it). And an expiry that fails for a transient reason (contention outlasting the retries)
// is thrown to the sweep, not quarantined: the next sweep is its retry. Mutation testing
// (`npm run test:mutation -- order`) found all three untested (docs/testing.md).
let app: AdapterApp;
beforeAll(async () => {
  app = await createAdapterApp("remote");
});
afterAll(async () => {
  await app?.close();
});

const logStateOf = async (orderId: number) =>
  (await app.db.$queryRaw<{ state: string }[]>`SELECT state FROM global_transactions WHERE order_id = ${orderId}`)[0]
    ?.state;

describe("remote mode: closing an order settles its stock branch before answering", () => {
  it("cancel: the log row is CANCELLED and the units are back in the inventory when cancel returns", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app, "20.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    expect([await logStateOf(order.id), await stockOf(app, sku.id)]).toEqual(["TRIED", [3, 2, 0]]);
    const cancelled = await cancelOrder(app.deps, buyer.id, order.id);
    expect(cancelled.status).toBe("CANCELLED");
    expect(await logStateOf(order.id)).toBe("CANCELLED");
    expect(await stockOf(app, sku.id)).toEqual([5, 0, 0]);
    // Cancelling again is harmless: same answer, no second release.
    expect((await cancelOrder(app.deps, buyer.id, order.id)).status).toBe("CANCELLED");
    expect(await stockOf(app, sku.id)).toEqual([5, 0, 0]);
    await app.assertInvariants();
  });

  it("expiry: the sweep's order is EXPIRED, its log row CANCELLED and its units back when the sweep returns", async () => {
    const { sku } = await stockedSku(app, { stock: 4, price: "1.00" });
    const buyer = await fundedMember(app, "20.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 3 }], idempotencyKey: key() });
    await makeDue(app, order.id);
    expect(await expireNextDueOrder(app.deps)).toEqual({ id: order.id, buyerId: buyer.id, quarantined: false });
    expect((await buyer.api.order.get({ orderId: order.id })).status).toBe("EXPIRED");
    expect(await logStateOf(order.id)).toBe("CANCELLED");
    expect(await stockOf(app, sku.id)).toEqual([4, 0, 0]);
    expect(await expireNextDueOrder(app.deps)).toBeNull();
    await app.assertInvariants();
  });
});

describe("an expiry that fails transiently", () => {
  it("is BUSY to the sweep, not quarantined; the order keeps both holds and the next sweep expires it", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "2.00" });
    const buyer = await fundedMember(app, "20.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await makeDue(app, order.id);
    // The release needs the buyer's wallet row: held here, every attempt hits lock_timeout
    // (100 ms) until the retries run out (BUSY), a failure of the moment, not of the order.
    const walletId = await walletAccountId(app.db, buyer.id, "USD");
    const held = await holdRowLock(app.db, "accounts", walletId);
    try {
      const code = await withOwnPool(app, { poolSize: 2, lockTimeoutMs: 100 }, (_callerFor, deps) =>
        codeOf(expireNextDueOrder(deps)),
      );
      expect(code).toBe("BUSY");
    } finally {
      await held.release();
    }
    const row = await app.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect([row.status, row.expiryQuarantinedAt]).toEqual(["UNPAID", null]);
    expect(await app.db.riskAlert.count({ where: { dedupeKey: `expiry_failed:order:${order.id}` } })).toBe(0);
    expect(await logStateOf(order.id)).toBe("TRIED");
    expect(await stockOf(app, sku.id)).toEqual([4, 1, 0]);
    expect((await buyer.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "18.00",
      frozen: "2.00",
    });

    expect(await expireNextDueOrder(app.deps)).toEqual({ id: order.id, buyerId: buyer.id, quarantined: false });
    expect(await logStateOf(order.id)).toBe("CANCELLED");
    expect(await stockOf(app, sku.id)).toEqual([5, 0, 0]);
    await app.assertInvariants();
  });
});
