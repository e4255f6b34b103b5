import { describe, expect, it } from "vitest";
import { fundedMember, key, stockedSku, useTestApp, type TestUser } from "../src/testing/index.ts";

// The buyer's and the merchant's order lists (order/list.ts): each owner's orders only, newest
// first, by status, by placing date (the merchant's), in keyset pages.
const app = useTestApp();

const ids = (page: { items: { id: number }[] }) => page.items.map((o) => o.id);

async function books() {
  const shop = await stockedSku(app(), { stock: 50, price: "1.25" });
  const other = await stockedSku(app(), { stock: 50, price: "2.00" });
  const buyer = await fundedMember(app(), "50.00");
  const neighbour = await fundedMember(app(), "50.00");
  const place = async (who: TestUser, skuId: number, quantity = 1) =>
    (await who.api.order.place({ items: [{ skuId, quantity }], idempotencyKey: key() })).id;
  const o1 = await place(buyer, shop.sku.id, 2);
  const o2 = await place(buyer, shop.sku.id);
  await buyer.api.order.pay({ orderId: o2 });
  const o3 = await place(buyer, shop.sku.id);
  await buyer.api.order.cancel({ orderId: o3 });
  const o4 = await place(buyer, shop.sku.id);
  const o5 = await place(neighbour, shop.sku.id);
  const o6 = await place(buyer, other.sku.id);
  return { merchant: shop.merchant, buyer, o1, o2, o3, o4, o5, o6 };
}

describe("order lists", () => {
  it("the buyer sees their own orders newest first, each in full, and can keep to one status", async () => {
    const { buyer, o1, o2, o3, o4, o6 } = await books();
    const all = await buyer.api.order.list({ limit: 20 });
    expect(ids(all)).toEqual([o6, o4, o3, o2, o1]);
    expect(all.nextCursor).toBeNull();
    expect(all.items.at(-1)).toMatchObject({
      id: o1,
      status: "UNPAID",
      currency: "USD",
      total: "2.50",
      buyerId: buyer.id,
      items: [{ quantity: 2 }],
    });
    expect(ids(await buyer.api.order.list({ status: "UNPAID", limit: 20 }))).toEqual([o6, o4, o1]);
    expect(ids(await buyer.api.order.list({ status: "PAID", limit: 20 }))).toEqual([o2]);
    expect(ids(await buyer.api.order.list({ status: "CANCELLED", limit: 20 }))).toEqual([o3]);
    expect(ids(await buyer.api.order.list({ status: "EXPIRED", limit: 20 }))).toEqual([]);
  });

  it("pages by id: exactly `limit` orders and a cursor while more remain, none after the last", async () => {
    const { buyer, o1, o2, o3, o4, o6 } = await books();
    const first = await buyer.api.order.list({ limit: 2 });
    expect([ids(first), first.nextCursor]).toEqual([[o6, o4], o4]);
    // The cursor is the page's last id, not its second (the same on a page of two).
    const three = await buyer.api.order.list({ limit: 3 });
    expect([ids(three), three.nextCursor]).toEqual([[o6, o4, o3], o3]);
    const second = await buyer.api.order.list({ limit: 2, cursor: first.nextCursor });
    expect([ids(second), second.nextCursor]).toEqual([[o3, o2], o2]);
    const last = await buyer.api.order.list({ limit: 2, cursor: second.nextCursor });
    expect([ids(last), last.nextCursor]).toEqual([[o1], null]);
    // A page that takes the rest exactly has no cursor either.
    const exact = await buyer.api.order.list({ limit: 5 });
    expect([ids(exact).length, exact.nextCursor]).toEqual([5, null]);
    // The cursor and the status together.
    expect(ids(await buyer.api.order.list({ status: "UNPAID", limit: 20, cursor: o4 }))).toEqual([o1]);
  });

  it("the merchant sees the orders of their shop, from every buyer, and can keep to placing dates", async () => {
    const { merchant, o1, o2, o3, o4, o5 } = await books();
    expect(ids(await merchant.api.merchant.orders.list({ limit: 20 }))).toEqual([o5, o4, o3, o2, o1]);
    // o1 was placed three days ago; the others now.
    await app().db.$executeRaw`UPDATE orders SET created_at = now() - interval '3 days' WHERE id = ${o1}`;
    const day = 24 * 3_600_000;
    const from = new Date(Date.now() - 2 * day);
    const to = new Date(Date.now() - day);
    const list = (range: { from?: Date; to?: Date }) => merchant.api.merchant.orders.list({ limit: 20, ...range });
    expect(ids(await list({ from }))).toEqual([o5, o4, o3, o2]);
    expect(ids(await list({ to }))).toEqual([o1]);
    expect(ids(await list({ from: new Date(Date.now() - 4 * day), to }))).toEqual([o1]);
    expect(ids(await list({ from, to }))).toEqual([]);
    expect(ids(await merchant.api.merchant.orders.list({ status: "PAID", limit: 20, from }))).toEqual([o2]);
  });
});
