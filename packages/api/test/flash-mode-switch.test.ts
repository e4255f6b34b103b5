import { describe, expect, it } from "vitest";
import { MAX_FLASH_BUCKETS, setFlashMode } from "../src/inventory/flash-mode.ts";
import { useTestApp } from "../src/testing/index.ts";
import { fundedMember, key, refusalOf, stockedSku } from "./support/fixtures.ts";

const app = useTestApp();

const buckets = (skuId: number) =>
  app().db.skuStockBucket.findMany({
    where: { skuId },
    orderBy: { bucket: "asc" },
    select: { bucket: true, stock: true, stockLocked: true, sold: true },
  });

// Switching a SKU's flash-sale mode moves its free stock and folds its sold units, under its
// locks (inventory/flash-mode.ts). What each switch leaves behind, figure by figure and bucket
// by bucket: the readers add the SKU row and every bucket, so a unit left in the wrong row, or
// a sold unit dropped on the way, shows in the figures.
describe("switching flash-sale mode", () => {
  it("the service bounds the bucket count on its own (the router's zod refuses first)", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 10, price: "1.00" });
    for (const bad of [-1, MAX_FLASH_BUCKETS + 1, 1.5]) {
      expect(await refusalOf(setFlashMode(app().db, merchant.id, sku.id, bad))).toEqual({
        code: "BAD_REQUEST",
        details: { field: "buckets" },
        message: `Between 0 and ${MAX_FLASH_BUCKETS} buckets.`,
      });
    }
    expect(await setFlashMode(app().db, merchant.id, sku.id, MAX_FLASH_BUCKETS)).toMatchObject({
      stock: 10,
      flashBuckets: MAX_FLASH_BUCKETS,
    });
    expect((await buckets(sku.id)).length).toBe(MAX_FLASH_BUCKETS);
  });

  it("units sold from buckets are folded into the SKU when the count changes and when the sale ends", async () => {
    const s = await stockedSku(app(), { stock: 12, price: "1.00" });
    const switchTo = (n: number) => s.merchant.api.merchant.skus.setFlashMode({ skuId: s.sku.id, buckets: n });
    await switchTo(4);
    const buyers = await Promise.all([1, 2, 3].map(() => fundedMember(app(), "5.00")));
    for (const buyer of buyers) {
      const order = await buyer.api.order.place({ items: [{ skuId: s.sku.id, quantity: 1 }], idempotencyKey: key() });
      await buyer.api.order.pay({ orderId: order.id });
    }
    expect((await buckets(s.sku.id)).reduce((n, b) => n + b.sold, 0)).toBe(3);
    // Four buckets to two: the 9 free units spread over two, the 3 sold ones on the SKU row.
    expect(await switchTo(2)).toMatchObject({ stock: 9, stockLocked: 0, sold: 3, flashBuckets: 2 });
    expect(await buckets(s.sku.id)).toEqual([
      { bucket: 0, stock: 5, stockLocked: 0, sold: 0 },
      { bucket: 1, stock: 4, stockLocked: 0, sold: 0 },
    ]);
    const row = await app().db.sku.findUniqueOrThrow({ where: { id: s.sku.id } });
    expect([row.stock, row.sold]).toEqual([0, 3]);
    // The sale ends: everything back on the row, and no bucket row is left behind.
    expect(await switchTo(0)).toMatchObject({ stock: 9, stockLocked: 0, sold: 3, flashBuckets: 0 });
    expect(await buckets(s.sku.id)).toEqual([]);
    await app().assertInvariants();
  });

  it("a bucket still holding units outlives the switch, with no free stock, until its order settles", async () => {
    const s = await stockedSku(app(), { stock: 8, price: "1.00" });
    const switchTo = (n: number) => s.merchant.api.merchant.skus.setFlashMode({ skuId: s.sku.id, buckets: n });
    await switchTo(4);
    const buyer = await fundedMember(app(), "5.00");
    const order = await buyer.api.order.place({ items: [{ skuId: s.sku.id, quantity: 2 }], idempotencyKey: key() });
    const item = await app().db.orderItem.findFirstOrThrow({ where: { orderId: order.id } });
    const held = item.bucket ?? -1;
    expect(await switchTo(0)).toMatchObject({ stock: 6, stockLocked: 2, flashBuckets: 0 });
    expect(await buckets(s.sku.id)).toEqual([{ bucket: held, stock: 0, stockLocked: 2, sold: 0 }]);
    await buyer.api.order.cancel({ orderId: order.id });
    // Released to the SKU row (normal mode now), the empty bucket is gone at the next switch.
    const row = await app().db.sku.findUniqueOrThrow({ where: { id: s.sku.id } });
    expect(row.stock).toBe(8);
    await switchTo(0);
    expect(await buckets(s.sku.id)).toEqual([]);
    await app().assertInvariants();
  });
});
