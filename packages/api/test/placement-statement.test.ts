import { Prisma } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Money } from "../src/money/server.ts";
import { placementSql, type Placement, type PlacementRow } from "../src/order/place-statement.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

// The single-statement placement must write everything or nothing, whatever changed between the
// service's pricing read and the statement (it re-checks under its locks).

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function setup(options: { stock?: number; price?: string; funds?: string } = {}) {
  const { merchant, product, sku } = await stockedSku(app, { stock: options.stock ?? 5, price: options.price ?? "2.00" });
  const buyer = await fundedMember(app, options.funds ?? "10.00");
  const account = await app.db.account.findUniqueOrThrow({ where: { userId_currency: { userId: buyer.id, currency: "USD" } }, select: { id: true } });
  const placement = (over: Partial<Placement> = {}): Placement => ({
    buyerId: buyer.id, merchantId: merchant.id, accountId: account.id, currency: "USD", total: new Money("2.00"),
    expiresAt: new Date(Date.now() + 60_000), idempotencyKey: key(), requestHash: "h",
    lines: [{ skuId: sku.id, quantity: 1, unitPrice: new Money("2.00"), title: "t" }],
    ...over,
  });
  const run = async (p: Placement) => (await app.db.$queryRaw<PlacementRow[]>(placementSql(p)))[0];
  const nothingWritten = async () => {
    expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
    const s = await app.db.sku.findUniqueOrThrow({ where: { id: sku.id }, select: { stock: true, stockLocked: true } });
    expect(s).toEqual({ stock: options.stock ?? 5, stockLocked: 0 });
    const a = await app.db.account.findUniqueOrThrow({ where: { id: account.id }, select: { balance: true, frozen: true } });
    expect([a.balance.toString(), a.frozen.toString()]).toEqual([new Prisma.Decimal(options.funds ?? "10.00").toString(), "0"]);
    await app.assertInvariants();
  };
  return { merchant, product, sku, buyer, account, placement, run, nothingWritten };
}

describe("placement statement", () => {
  it("writes the order, its items, the hold journal and the stock hold together", async () => {
    const t = await setup();
    const row = await t.run(t.placement());
    expect(row?.order_id).toBeTypeOf("number");
    expect(row?.created_at).toBeInstanceOf(Date);
    expect(await app.db.journal.count({ where: { orderId: row!.order_id!, type: "ORDER_HOLD" } })).toBe(1);
    expect(await app.db.orderItem.count({ where: { orderId: row!.order_id! } })).toBe(1);
    const s = await app.db.sku.findUniqueOrThrow({ where: { id: t.sku.id }, select: { stock: true, stockLocked: true } });
    expect(s).toEqual({ stock: 4, stockLocked: 1 });
    await app.assertInvariants();
  });

  it("a price changed since pricing is PRICE_CHANGED and writes nothing", async () => {
    const t = await setup();
    const row = await t.run(t.placement({ lines: [{ skuId: t.sku.id, quantity: 1, unitPrice: new Money("1.50"), title: "t" }], total: new Money("1.50") }));
    expect(row).toMatchObject({ order_id: null, funds_ok: true, refusal: { skuId: t.sku.id, code: "PRICE_CHANGED" } });
    await t.nothingWritten();
  });

  it("stock gone since pricing is OUT_OF_STOCK with what is left, and writes nothing", async () => {
    const t = await setup({ stock: 1 });
    const row = await t.run(t.placement({ lines: [{ skuId: t.sku.id, quantity: 2, unitPrice: new Money("2.00"), title: "t" }], total: new Money("4.00") }));
    expect(row).toMatchObject({ order_id: null, funds_ok: true, refusal: { skuId: t.sku.id, code: "OUT_OF_STOCK", stock: 1 } });
    await t.nothingWritten();
  });

  it("a product delisted since pricing is NOT_LISTED; an unknown SKU is NOT_FOUND", async () => {
    const t = await setup();
    await t.merchant.api.merchant.products.setStatus({ productId: t.product.id, status: "DELISTED" });
    expect(await t.run(t.placement())).toMatchObject({ order_id: null, refusal: { code: "NOT_LISTED" } });
    const missing = 2_000_000_000;
    const row = await t.run(t.placement({ lines: [{ skuId: missing, quantity: 1, unitPrice: new Money("2.00"), title: "t" }] }));
    expect(row).toMatchObject({ order_id: null, refusal: { skuId: missing, code: "NOT_FOUND" } });
    await t.nothingWritten();
  });

  it("funds short is reported before any SKU is locked or written", async () => {
    const t = await setup({ funds: "1.00" });
    expect(await t.run(t.placement())).toMatchObject({ order_id: null, funds_ok: false });
    await t.nothingWritten();
  });

  it("a claimed idempotency key writes nothing more", async () => {
    const t = await setup();
    const p = t.placement();
    const first = await t.run(p);
    const again = await t.run(p);
    expect(again).toMatchObject({ order_id: null, funds_ok: true, refusal: null });
    expect(await app.db.order.count({ where: { buyerId: t.buyer.id } })).toBe(1);
    expect(await app.db.journal.count({ where: { orderId: first!.order_id!, type: "ORDER_HOLD" } })).toBe(1);
    const s = await app.db.sku.findUniqueOrThrow({ where: { id: t.sku.id }, select: { stock: true, stockLocked: true } });
    expect(s).toEqual({ stock: 4, stockLocked: 1 });
    await app.assertInvariants();
  });
});
