import { describe, expect, it } from "vitest";
import { expireNextDueOrder } from "../src/order/close.ts";
import { useTestApp } from "../src/testing/index.ts";
import { fundedMember, makeDue, placeLines, refusalOf, stockedSku } from "./support/fixtures.ts";

// What the buyer and the merchant see of one order (order/view.ts), field by field: the
// currency's scale (JPY has none, so a view defaulting to cents would say "1700.00"), the lines
// by SKU id whatever order they were placed in, each line's total computed, the dates of each
// way an order closes, and the merchant's view adding the buyer. The other order tests compare a
// view with another view (the placement's answer with order.get): both are built here, so a
// field both lost would pass them.
const app = useTestApp();

/** A JPY order of two lines of one merchant, the higher SKU id placed first. */
async function twoLineOrder() {
  const merchant = await app().user("MERCHANT", "Tokyo Goods");
  const first = await stockedSku(app(), { stock: 10, price: "500", currency: "JPY", merchant });
  const second = await stockedSku(app(), { stock: 10, price: "700", currency: "JPY", merchant });
  const buyer = await fundedMember(app(), "10000", "JPY");
  const placed = await placeLines(buyer, [second.sku.id, 1], [first.sku.id, 2]);
  const line = (s: typeof first, quantity: number, unitPrice: string, lineTotal: string) => ({
    skuId: s.sku.id,
    productId: s.product.id,
    code: s.sku.code,
    title: `${s.product.title} (red)`,
    quantity,
    unitPrice,
    lineTotal,
  });
  const expected = {
    id: placed.id,
    status: "UNPAID",
    currency: "JPY",
    scale: 0,
    total: "1700",
    buyerId: buyer.id,
    merchant: { id: merchant.id, name: "Tokyo Goods" },
    expiresAt: placed.expiresAt,
    createdAt: placed.createdAt,
    paidAt: null,
    cancelledAt: null,
    expiredAt: null,
    items: [line(first, 2, "500", "1000"), line(second, 1, "700", "700")],
  };
  return { merchant, buyer, placed, expected };
}

const buyerRow = async (id: number) =>
  app().db.user.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, email: true } });

describe("one order as its buyer and its merchant see it", () => {
  it("unpaid: every field, at the currency's scale, lines by SKU id; the merchant's adds the buyer", async () => {
    const { merchant, buyer, placed, expected } = await twoLineOrder();
    expect(expected.items[0]!.skuId).toBeLessThan(expected.items[1]!.skuId);
    const { replayed, ...view } = placed;
    expect(replayed).toBe(false);
    expect(view).toEqual(expected);
    expect(await buyer.api.order.get({ orderId: placed.id })).toEqual(expected);
    expect(await merchant.api.merchant.orders.get({ orderId: placed.id })).toEqual({
      ...expected,
      buyer: await buyerRow(buyer.id),
    });
    // Anyone else's: not found, saying what was not found, as for an id nobody has.
    const [stranger, otherMerchant] = [await app().user("MEMBER"), await app().user("MERCHANT")];
    // Each call starts only when awaited: a rejection nobody awaits yet is an unhandled one.
    for (const refused of [
      () => stranger.api.order.get({ orderId: placed.id }),
      () => otherMerchant.api.merchant.orders.get({ orderId: placed.id }),
      () => buyer.api.order.get({ orderId: placed.id + 1_000 }),
    ])
      expect(await refusalOf(refused())).toEqual({
        code: "NOT_FOUND",
        details: { resource: "order" },
        message: expect.any(String) as string,
      });
    await app().assertInvariants();
  });

  it("paid, cancelled and expired: the status and its own date, the other dates still null", async () => {
    const paid = await twoLineOrder();
    await paid.buyer.api.order.pay({ orderId: paid.placed.id });
    const cancelled = await twoLineOrder();
    await cancelled.buyer.api.order.cancel({ orderId: cancelled.placed.id });
    const expired = await twoLineOrder();
    await makeDue(app(), expired.placed.id);
    expect(await expireNextDueOrder(app().deps)).toMatchObject({ id: expired.placed.id, quarantined: false });

    for (const [o, status, dated] of [
      [paid, "PAID", "paidAt"],
      [cancelled, "CANCELLED", "cancelledAt"],
      [expired, "EXPIRED", "expiredAt"],
    ] as const) {
      const seen = await o.buyer.api.order.get({ orderId: o.placed.id });
      const at = seen[dated];
      expect(at).toBeInstanceOf(Date);
      expect(at!.getTime()).toBeGreaterThanOrEqual(o.placed.createdAt.getTime());
      const expected = { ...o.expected, status, [dated]: at, expiresAt: seen.expiresAt };
      expect(seen).toEqual(expected);
      expect(await o.merchant.api.merchant.orders.get({ orderId: o.placed.id })).toEqual({
        ...expected,
        buyer: await buyerRow(o.buyer.id),
      });
    }
    // The expiry moved only the deadline it was made due with; paying and cancelling moved none.
    expect((await paid.buyer.api.order.get({ orderId: paid.placed.id })).expiresAt).toEqual(paid.placed.expiresAt);
    await app().assertInvariants();
  });
});
