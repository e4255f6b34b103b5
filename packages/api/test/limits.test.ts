import { pgErrorCode } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustStock } from "../src/inventory/adjust.ts";
import { MAX_LINE_QUANTITY, MAX_SKU_UNITS } from "../src/inventory/limits.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { codeOf, fundedMember, key, refusalOf, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  // No hold caps here (hold-limits.test.ts has them): these tests order up to MAX_LINE_QUANTITY.
  app = await createTestApp({ policy: { maxOpenOrders: 0, maxHeldUnitsPerSku: 0 } });
});
afterAll(async () => {
  await app?.close();
});

/** The CHECK constraint's SQLSTATE when the database refuses a raw write (23514 check_violation). */
async function sqlStateOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return "RESOLVED";
  } catch (error) {
    return pgErrorCode(error);
  }
}

describe("limits on stock and quantities", () => {
  it("stock adjustments stop at MAX_SKU_UNITS (stock + held + sold), so releasing a hold cannot overflow", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 10, price: "1.00" });
    const buyer = await fundedMember(app, "10.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 3 }], idempotencyKey: key() });
    // Before the bound, adjustments of up to 10^7 each could be repeated until int4 overflowed.
    const adjust = (delta: number) =>
      merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta, reason: "restock" });
    let units = 10;
    while (units + 10_000_000 <= MAX_SKU_UNITS) {
      await adjust(10_000_000);
      units += 10_000_000;
    }
    // 10 + 99 * 10^7 = 990,000,010 units; 9,999,990 more fit, 9,999,991 do not.
    expect(await codeOf(adjust(MAX_SKU_UNITS - units + 1))).toBe("STOCK_LIMIT");
    const full = await adjust(MAX_SKU_UNITS - units);
    expect(full.stock + full.stockLocked + full.sold).toBe(MAX_SKU_UNITS);
    expect(await codeOf(adjust(1))).toBe("STOCK_LIMIT");
    // At the limit, the held units still go back to stock: cancel works (it was a 500 before).
    const cancelled = await buyer.api.order.cancel({ orderId: order.id });
    expect(cancelled.status).toBe("CANCELLED");
    const after = await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } });
    expect([after.stock, after.stockLocked, after.sold]).toEqual([MAX_SKU_UNITS, 0, 0]);
    await app.assertInvariants();
  }, 60_000);

  it("the service bounds a change on its own (the job and scripts call it without the router), sold units counted", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app, "10.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    await buyer.api.order.pay({ orderId: order.id });
    // 3 in stock + 2 sold = 5 units.
    const adjust = (delta: number) =>
      refusalOf(adjustStock(app.db, merchant.id, { skuId: sku.id, delta, reason: "direct" }, merchant.id));
    const tooBig = { code: "STOCK_LIMIT", details: { max: MAX_SKU_UNITS }, message: expect.any(String) as string };
    // Past the bound, or not a whole number: refused before any SQL (the statement's ::int would fail).
    expect(await adjust(MAX_SKU_UNITS + 1)).toEqual(tooBig);
    expect(await adjust(-(MAX_SKU_UNITS + 1))).toEqual(tooBig);
    expect(await adjust(1.5)).toEqual(tooBig);
    // Within the bound alone, but not with the 5 units the SKU has, sold ones included.
    expect(await adjust(MAX_SKU_UNITS - 4)).toEqual({
      code: "STOCK_LIMIT",
      details: { max: MAX_SKU_UNITS, units: 5 },
      message: expect.any(String) as string,
    });
    const full = await adjustStock(
      app.db,
      merchant.id,
      { skuId: sku.id, delta: MAX_SKU_UNITS - 5, reason: "x" },
      merchant.id,
    );
    expect([full.stock, full.stockLocked, full.sold]).toEqual([MAX_SKU_UNITS - 2, 0, 2]);
    // A change of exactly the bound is one: on an empty SKU it fills it.
    const { merchant: other, sku: empty } = await stockedSku(app, { stock: 0, price: "1.00" });
    const filled = await adjustStock(
      app.db,
      other.id,
      { skuId: empty.id, delta: MAX_SKU_UNITS, reason: "y" },
      other.id,
    );
    expect(filled.stock).toBe(MAX_SKU_UNITS);
    await app.assertInvariants();
  });

  it("a new SKU's stock is bounded, and the database refuses counters past the limit on its own", async () => {
    const { merchant, product, sku } = await stockedSku(app, { stock: 5 });
    // The router allows 10^7; the service bound is MAX_SKU_UNITS whoever calls it.
    expect(
      await codeOf(
        merchant.api.merchant.skus.create({
          productId: product.id,
          code: "TOO-MANY",
          attributes: {},
          price: "1.00",
          currency: "USD",
          stock: 10_000_001,
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await sqlStateOf(app.db.$executeRaw`UPDATE skus SET stock = ${MAX_SKU_UNITS + 1} WHERE id = ${sku.id}`),
    ).toBe("23514");
    expect(
      await sqlStateOf(app.db.$executeRaw`UPDATE skus SET stock = ${MAX_SKU_UNITS - 1}, sold = 2 WHERE id = ${sku.id}`),
    ).toBe("23514");
    // Near int4's maximum the sum itself would overflow int4: the CHECK adds in bigint.
    expect(
      await sqlStateOf(
        app.db.$executeRaw`UPDATE skus SET stock = 2147483000, stock_locked = 2147483000 WHERE id = ${sku.id}`,
      ),
    ).toBe("23514");
  });

  it("quantities per SKU per order and per cart line are bounded with QUANTITY_LIMIT", async () => {
    const { sku } = await stockedSku(app, { stock: 100_000, price: "0.01" });
    const buyer = await fundedMember(app, "1000.00");
    // 11 lines of 999 on one SKU add up to 10,989 > 10,000.
    const items = Array.from({ length: 11 }, () => ({ skuId: sku.id, quantity: 999 }));
    expect(await codeOf(buyer.api.order.place({ items, idempotencyKey: key() }))).toBe("QUANTITY_LIMIT");
    const ok = await buyer.api.order.place({ items: items.slice(0, 10), idempotencyKey: key() });
    expect(ok.items[0]?.quantity).toBe(9_990);
    expect(
      await sqlStateOf(
        app.db.$executeRaw`UPDATE order_items SET quantity = ${MAX_LINE_QUANTITY + 1} WHERE order_id = ${ok.id}`,
      ),
    ).toBe("23514");
    expect(
      await sqlStateOf(app.db.$executeRaw`INSERT INTO cart_items (user_id, sku_id, quantity, updated_at)
      VALUES (${buyer.id}, ${sku.id}, ${MAX_LINE_QUANTITY + 1}, now())`),
    ).toBe("23514");
    await app.assertInvariants();
  });
});
