import { describe, expect, it } from "vitest";
import { skuFigures, stockFigures, withBucketFigures } from "../src/inventory/figures.ts";
import { localInventory } from "../src/inventory/port.ts";
import { shownStockFigures, withStockFigures } from "../src/inventory/stock-view.ts";
import { useTestApp } from "../src/testing/index.ts";
import { fundedMember, key, refusalOf, stockedSku } from "./support/fixtures.ts";

const app = useTestApp();

// How every reader counts a SKU's stock (inventory/figures.ts): the SKU row plus its flash-sale
// buckets. A flash SKU with held, sold and free units in its buckets, next to a normal one, read
// through each of the three readers.
async function flashAndNormal() {
  const flash = await stockedSku(app(), { stock: 10, price: "1.00" });
  await flash.merchant.api.merchant.skus.setFlashMode({ skuId: flash.sku.id, buckets: 4 });
  const holder = await fundedMember(app(), "5.00");
  await holder.api.order.place({ items: [{ skuId: flash.sku.id, quantity: 2 }], idempotencyKey: key() });
  const payer = await fundedMember(app(), "5.00");
  const paid = await payer.api.order.place({ items: [{ skuId: flash.sku.id, quantity: 1 }], idempotencyKey: key() });
  await payer.api.order.pay({ orderId: paid.id });
  const normal = await stockedSku(app(), { stock: 5, price: "1.00" });
  return { flash: flash.sku.id, normal: normal.sku.id };
}

describe("a SKU's stock figures", () => {
  it("withBucketFigures adds each row's buckets, leaves a row without buckets as it is, and adds no field a row lacks", async () => {
    const { flash, normal } = await flashAndNormal();
    const row = await app().db.sku.findUniqueOrThrow({
      where: { id: flash },
      select: { id: true, stock: true, stockLocked: true, sold: true },
    });
    // The SKU row itself holds nothing in flash mode: the units are in the buckets.
    expect(row).toEqual({ id: flash, stock: 0, stockLocked: 0, sold: 0 });
    expect(await withBucketFigures(app().db, [row, { id: normal, stock: 5, stockLocked: 0, sold: 0 }])).toEqual([
      { id: flash, stock: 7, stockLocked: 2, sold: 1 },
      { id: normal, stock: 5, stockLocked: 0, sold: 0 },
    ]);
    // A reader that selects only the stock gets only the stock back.
    expect(await withBucketFigures(app().db, [{ id: flash, stock: 0 }])).toEqual([{ id: flash, stock: 7 }]);
    expect(await withBucketFigures(app().db, [{ id: normal, stock: 5 }])).toEqual([{ id: normal, stock: 5 }]);
    expect(await withBucketFigures(app().db, [])).toEqual([]);
  });

  it("stockFigures reads the same totals in SQL, by id, leaving unknown ids out", async () => {
    const { flash, normal } = await flashAndNormal();
    expect(await stockFigures(app().db, [normal, 2_000_000_000, flash])).toEqual([
      { id: flash, stock: 7, stockLocked: 2, sold: 1, flashBuckets: 4 },
      { id: normal, stock: 5, stockLocked: 0, sold: 0, flashBuckets: 0 },
    ]);
    expect(await stockFigures(app().db, [])).toEqual([]);
  });

  it("the shown figures in local mode are the same totals, a SKU that does not exist left out", async () => {
    const { flash, normal } = await flashAndNormal();
    // A SKU nobody asked for: it must not be read along (the test may run alone, on a database
    // holding only its own SKUs).
    await stockedSku(app(), { stock: 1 });
    for (const inventory of [localInventory, undefined]) {
      const shown = await shownStockFigures(inventory, app().db, [normal, flash, 2_000_000_000]);
      expect([...shown.entries()].sort(([a], [b]) => a - b)).toEqual([
        [flash, { id: flash, stock: 7, stockLocked: 2, sold: 1, flashBuckets: 4 }],
        [normal, { id: normal, stock: 5, stockLocked: 0, sold: 0, flashBuckets: 0 }],
      ]);
      expect(await withStockFigures(inventory, app().db, [{ id: flash, stock: 0, sold: 0 }])).toEqual([
        { id: flash, stock: 7, sold: 1 },
      ]);
    }
    expect((await shownStockFigures(localInventory, app().db, [])).size).toBe(0);
  });

  it("skuFigures answers one SKU, and NOT_FOUND for one that does not exist", async () => {
    const { flash } = await flashAndNormal();
    expect(await skuFigures(app().db, flash)).toEqual({
      id: flash,
      stock: 7,
      stockLocked: 2,
      sold: 1,
      flashBuckets: 4,
    });
    expect(await refusalOf(skuFigures(app().db, 2_000_000_000))).toMatchObject({
      code: "NOT_FOUND",
      details: { resource: "sku" },
    });
  });
});
