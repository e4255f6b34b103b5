import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInventoryInvariants } from "../src/invariants.ts";
import { figuresOf, holdsOf, newSku, startFixture, txId, type Fixture } from "./fixture.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.stop();
});

describe("flash-sale SKUs in the inventory service (the placement's bucket rules)", () => {
  it("concurrent Trys on a flash SKU hold exactly its stock, spread over the buckets; Confirm and Cancel settle in the bucket", async () => {
    const stock = 40;
    const sku = await newSku(f, stock);
    expect(await f.client.setFlashMode({ merchantId: 7, skuId: sku, buckets: 8 })).toMatchObject({
      stock,
      flashBuckets: 8,
    });
    const txs = Array.from({ length: 70 }, () => txId("flash"));
    const results = await Promise.all(txs.map((tx) => f.client.tryHold(tx, [{ skuId: sku, quantity: 1 }])));
    const held = txs.filter((_, i) => results[i]?.ok);
    expect(held).toHaveLength(stock);
    expect(results.filter((r) => !r.ok && r.code === "OUT_OF_STOCK")).toHaveLength(70 - stock);
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 0, stockLocked: stock, sold: 0 });
    const buckets = await f.db.pool.query<{ n: number }>(
      "SELECT count(DISTINCT bucket)::int AS n FROM stock_holds WHERE sku_id = $1",
      [sku],
    );
    expect(buckets.rows[0]?.n).toBeGreaterThan(1);
    // Half paid, half cancelled, concurrently; one Cancel freed units go back to a bucket and sell again.
    await Promise.all(held.map((tx, i) => (i % 2 === 0 ? f.client.confirm(tx) : f.client.cancel(tx))));
    expect(await figuresOf(f, sku)).toMatchObject({ stock: stock / 2, stockLocked: 0, sold: stock / 2 });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });

  it("a quantity no single bucket holds is rebalanced (BUCKETS_SHORT), then held; more than the sum is OUT_OF_STOCK", async () => {
    const sku = await newSku(f, 16);
    await f.client.setFlashMode({ merchantId: 7, skuId: sku, buckets: 8 });
    const tx = txId();
    expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 10 }])).toEqual({ ok: true });
    expect(await holdsOf(f, tx)).toBe(10);
    expect(await f.client.tryHold(txId(), [{ skuId: sku, quantity: 7 }])).toEqual({
      ok: false,
      code: "OUT_OF_STOCK",
      skuId: sku,
      available: 6,
    });
    // Leaving flash mode keeps the held units with their hold; Cancel finds them in their bucket.
    expect(await f.client.setFlashMode({ merchantId: 7, skuId: sku, buckets: 0 })).toMatchObject({
      stock: 6,
      stockLocked: 10,
      flashBuckets: 0,
    });
    expect(await f.client.cancel(tx)).toEqual({ ok: true });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 16, stockLocked: 0 });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });

  it("mode switches during Trys lose nothing", async () => {
    const sku = await newSku(f, 200);
    let switching = true;
    const switches = (async () => {
      for (const buckets of [4, 0, 8, 2, 0, 16, 0]) {
        await f.client.setFlashMode({ merchantId: 7, skuId: sku, buckets });
        await new Promise((r) => setTimeout(r, 20));
      }
      switching = false;
    })();
    const txs: string[] = [];
    const buyers = Array.from({ length: 6 }, async () => {
      while (switching) {
        const tx = txId("sw");
        const r = await f.client.tryHold(tx, [{ skuId: sku, quantity: 2 }]);
        if (r.ok) txs.push(tx);
      }
    });
    await Promise.all([switches, ...buyers]);
    expect(txs.length).toBeGreaterThan(0);
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 200 - 2 * txs.length, stockLocked: 2 * txs.length });
    await Promise.all(txs.map((tx, i) => (i % 3 === 0 ? f.client.confirm(tx) : f.client.cancel(tx))));
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });
});
