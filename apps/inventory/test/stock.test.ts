import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInventoryInvariants } from "../src/invariants.ts";
import { figuresOf, newSku, startFixture, txId, type Fixture } from "./fixture.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.stop();
});

describe("stock endpoints", () => {
  it("register is idempotent per SKU: a repeat (even with other figures) changes nothing", async () => {
    const skuId = 50_001;
    await f.client.register({ skuId, merchantId: 3, stock: 12, actorId: 1 });
    await f.client.register({ skuId, merchantId: 3, stock: 99, actorId: 1 });
    expect(await figuresOf(f, skuId)).toEqual({ id: skuId, stock: 12, stockLocked: 0, sold: 0, flashBuckets: 0 });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });

  it("import hands over a batch once: a repeated import adds nothing", async () => {
    const skus = Array.from({ length: 300 }, (_, i) => ({ skuId: 60_000 + i, merchantId: 4, stock: i }));
    const res = await fetch(`${f.service.url}/stock/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${f.service.token}`, "content-type": "application/json" },
      body: JSON.stringify({ skus }),
    });
    expect(await res.json()).toEqual({ imported: 300 });
    const again = await fetch(`${f.service.url}/stock/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${f.service.token}`, "content-type": "application/json" },
      body: JSON.stringify({ skus }),
    });
    expect(await again.json()).toEqual({ imported: 0 });
    const figures = await f.client.figures(skus.map((s) => s.skuId));
    expect(figures.size).toBe(300);
    expect(figures.get(60_299)).toMatchObject({ stock: 299 });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });

  it("figures leave unknown ids out", async () => {
    const sku = await newSku(f, 3);
    const figures = await f.client.figures([sku, 987_654]);
    expect([...figures.keys()]).toEqual([sku]);
  });

  it("adjust: audited, bounded, never below what Trys hold", async () => {
    const sku = await newSku(f, 5);
    expect(await f.client.tryHold(txId(), [{ skuId: sku, quantity: 4 }])).toEqual({ ok: true });
    await expect(
      f.client.adjust({ merchantId: 7, skuId: sku, delta: -2, reason: "count", actorId: 9 }),
    ).rejects.toMatchObject({
      code: "STOCK_BELOW_LOCKED",
    });
    expect(await f.client.adjust({ merchantId: 7, skuId: sku, delta: -1, reason: "count", actorId: 9 })).toEqual({
      id: sku,
      stock: 0,
      stockLocked: 4,
      sold: 0,
      flashBuckets: 0,
    });
    expect(
      await f.client.adjust({ merchantId: 7, skuId: sku, delta: 10, reason: " restock ", actorId: 9 }),
    ).toMatchObject({
      stock: 10,
    });
    const moves = await f.db.pool.query<{ delta: number; reason: string; actor_id: number }>(
      "SELECT delta, reason, actor_id FROM stock_movements WHERE sku_id = $1 ORDER BY id",
      [sku],
    );
    expect(moves.rows).toEqual([
      { delta: 5, reason: "registered", actor_id: 1 },
      { delta: -1, reason: "count", actor_id: 9 },
      { delta: 10, reason: "restock", actor_id: 9 },
    ]);
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });
});
