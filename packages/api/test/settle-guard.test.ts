import { describe, expect, it } from "vitest";
import { settleStockHold } from "../src/inventory/settle.ts";
import { useTestApp } from "../src/testing/index.ts";
import { fundedMember, key, refusalOf, stockedSku } from "./support/fixtures.ts";

const app = useTestApp();

// A stock hold is settled whole or not at all: the settlement statement reports how many of the
// hold's lines it moved, and anything short of all of them throws, rolling back the transaction
// it runs in (the order's pay, cancel or expiry). No path through the services produces such a
// hold (an order is written with its items and holds in one statement, and a bucket that holds
// units is never deleted), so the books are broken by hand here to reach the guard.
describe("settling a stock hold", () => {
  it.each(["consume", "release"] as const)("an order with no lines is INTERNAL naming the order (%s)", async (mode) => {
    expect(await refusalOf(settleStockHold(app().db, 2_000_000_000, mode))).toEqual({
      code: "INTERNAL",
      details: { orderId: 2_000_000_000 },
      message: "stock hold not settled in full",
    });
  });

  it.each(["consume", "release"] as const)(
    "a line whose bucket is gone is INTERNAL, and nothing of the hold moves (%s)",
    async (mode) => {
      const s = await stockedSku(app(), { stock: 8, price: "1.00" });
      await s.merchant.api.merchant.skus.setFlashMode({ skuId: s.sku.id, buckets: 2 });
      const buyer = await fundedMember(app(), "10.00");
      const order = await buyer.api.order.place({ items: [{ skuId: s.sku.id, quantity: 3 }], idempotencyKey: key() });
      const item = await app().db.orderItem.findFirstOrThrow({ where: { orderId: order.id } });
      const before = await app().db.skuStockBucket.findMany({ where: { skuId: s.sku.id }, orderBy: { bucket: "asc" } });
      const refused = app().db.$transaction(async (tx) => {
        await tx.$executeRaw`DELETE FROM sku_stock_buckets WHERE sku_id = ${s.sku.id} AND bucket = ${item.bucket}`;
        await settleStockHold(tx, order.id, mode);
      });
      expect(await refusalOf(refused)).toMatchObject({ code: "INTERNAL", details: { orderId: order.id } });
      expect(
        await app().db.skuStockBucket.findMany({ where: { skuId: s.sku.id }, orderBy: { bucket: "asc" } }),
      ).toEqual(before);
      // The order is still whole: cancelling it releases the 3 units as usual.
      await buyer.api.order.cancel({ orderId: order.id });
      await app().assertInvariants();
    },
  );
});
