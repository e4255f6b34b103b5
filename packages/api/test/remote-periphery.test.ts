import { randomUUID } from "node:crypto";
import { checkInventoryInvariants, rawSql } from "@trade/inventory";
import { createInventoryClient } from "@trade/api/inventory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSku } from "../src/catalog/merchant-skus.ts";
import { handOverStock } from "../src/inventory/handover.ts";
import type { RemoteInventory } from "../src/inventory/port.ts";
import { checkInvariants } from "../src/risk/invariants.ts";
import { seedDemo } from "../src/seed/demo.ts";
import type { TestUser } from "../src/testing/index.ts";
import { createAdapterApp, type AdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key } from "./support/fixtures.ts";

/**
 * Remote inventory mode outside the order flow (docs/architecture.md#services): every reader's
 * stock figures come from the real inventory service, merchant stock changes and SKU creation go
 * through it, the handover moves the order database's stock into it, and the invariants read
 * both databases.
 */
let app: AdapterApp;
let remote: RemoteInventory;
let figureCalls = 0;

beforeAll(async () => {
  app = await createAdapterApp("remote", { breaker: { resetMs: 300 } });
  const guarded = app.deps.inventory as RemoteInventory;
  // The app's own client, counted: each reader's figures are one batched call, served from the
  // process's cache while fresh.
  remote = {
    ...guarded,
    kind: "remote",
    figures: (ids) => {
      figureCalls++;
      return guarded.figures(ids);
    },
  };
  app.deps.inventory = remote;
});
afterAll(async () => {
  await app?.close();
});

const remoteCheck = () => ({
  inventoryDb: rawSql(app.service!.db.pool),
  checkInventory: () => checkInventoryInvariants(app.service!.db),
});

async function productWithSkus(merchant: TestUser, stocks: number[]) {
  const product = await merchant.api.merchant.products.create({ title: `Remote ${randomUUID()}`, description: "d" });
  const skus = [];
  for (const stock of stocks)
    skus.push(
      await merchant.api.merchant.skus.create({
        productId: product.id,
        code: `R-${randomUUID().slice(0, 8)}`,
        attributes: {},
        price: "4.00",
        currency: "USD",
        stock,
      }),
    );
  await merchant.api.merchant.products.setStatus({ productId: product.id, status: "LISTED" });
  return { product, skus };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("remote mode: stock figures for every reader come from the inventory service", () => {
  it("a new SKU is registered with its stock; the order database keeps 0; every reader shows the service's figures", async () => {
    const merchant = await app.user("MERCHANT");
    const { product, skus } = await productWithSkus(merchant, [7, 2]);
    const [a, b] = skus as [(typeof skus)[0], (typeof skus)[0]];
    expect(a.stock).toBe(7);
    expect(await app.db.sku.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ stock: 0, stockLocked: 0 });
    expect((await remote.figures([a.id, b.id])).get(a.id)).toMatchObject({ stock: 7, stockLocked: 0, sold: 0 });

    const page = await app.anon.catalog.product({ id: product.id });
    expect(page.skus.map((s) => s.available)).toEqual([7, 2]);
    const list = await app.anon.catalog.list({ merchantId: merchant.id, limit: 10 });
    expect(list.items.find((p) => p.id === product.id)?.available).toBe(9);
    const own = await merchant.api.merchant.skus.page({ productId: product.id, limit: 10 });
    expect(own.items.map((s) => [s.stock, s.stockLocked, s.sold])).toEqual([
      [7, 0, 0],
      [2, 0, 0],
    ]);
    expect((await merchant.api.merchant.skus.list({ productId: product.id })).map((s) => s.stock)).toEqual([7, 2]);
    const dashboard = await merchant.api.merchant.dashboard();
    expect(dashboard.lowStock.map((s) => [s.id, s.stock])).toEqual([[b.id, 2]]);

    const buyer = await fundedMember(app, "50.00");
    await buyer.api.cart.set({ skuId: a.id, quantity: 3 });
    const cart = await buyer.api.cart.get();
    expect(cart.groups[0]?.lines[0]).toMatchObject({ available: 7, purchasable: true });
  });

  it("batches and caches: twenty concurrent product views cost one figures call; an order shows within the TTL", async () => {
    const merchant = await app.user("MERCHANT");
    const { product, skus } = await productWithSkus(merchant, [5, 5, 5]);
    await pause(1_100); // past anything cached by the creation
    figureCalls = 0;
    const views = await Promise.all(Array.from({ length: 20 }, () => app.anon.catalog.product({ id: product.id })));
    expect(views.every((v) => v.skus.every((s) => s.available === 5))).toBe(true);
    expect(figureCalls).toBe(1);

    const buyer = await fundedMember(app, "50.00");
    await buyer.api.order.place({ items: [{ skuId: skus[0]!.id, quantity: 2 }], idempotencyKey: key() });
    await pause(1_100); // STOCK_FIGURES_TTL_MS (1 s by default)
    const after = await app.anon.catalog.product({ id: product.id });
    expect(after.skus.map((s) => s.available)).toEqual([3, 5, 5]);
    const own = await merchant.api.merchant.skus.page({ productId: product.id, limit: 10 });
    expect(own.items[0]).toMatchObject({ stock: 3, stockLocked: 2, sold: 0 });
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);
  });
});

describe("remote mode: merchant stock changes go through the inventory service", () => {
  it("adjusts with the service's rules (audited there), refuses another merchant's SKU, switches flash mode", async () => {
    const merchant = await app.user("MERCHANT");
    const other = await app.user("MERCHANT");
    const { skus } = await productWithSkus(merchant, [4]);
    const sku = skus[0]!;
    expect(
      await merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: 6, reason: " restock " }),
    ).toMatchObject({
      id: sku.id,
      stock: 10,
    });
    // The merchant's own next read is fresh (the process forgets what it changed).
    expect((await merchant.api.merchant.skus.list({ productId: sku.productId }))[0]?.stock).toBe(10);
    expect(await codeOf(merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: -11, reason: "x" }))).toBe(
      "STOCK_BELOW_LOCKED",
    );
    expect(await codeOf(other.api.merchant.skus.adjustStock({ skuId: sku.id, delta: 1, reason: "x" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: 0, reason: "x" }))).toBe(
      "BAD_REQUEST",
    );
    const flash = await merchant.api.merchant.skus.setFlashMode({ skuId: sku.id, buckets: 4 });
    expect(flash).toMatchObject({ stock: 10, flashBuckets: 4 });
    expect(await codeOf(other.api.merchant.skus.setFlashMode({ skuId: sku.id, buckets: 2 }))).toBe("NOT_FOUND");
    const moves = await app.service!.db.pool.query<{ delta: number; reason: string }>(
      "SELECT delta, reason FROM stock_movements WHERE sku_id = $1 ORDER BY id",
      [sku.id],
    );
    expect(moves.rows.map((m) => [m.delta, m.reason])).toEqual([
      [4, "registered"],
      [6, "restock"],
    ]);
    expect(await app.db.stockMovement.count({ where: { skuId: sku.id } })).toBe(0);
    expect(await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } })).toMatchObject({ stock: 0, flashBuckets: 0 });
  });

  it("imports a CSV: SKUs created with 0 here and registered with their stock there", async () => {
    const merchant = await app.user("MERCHANT");
    const codes = [0, 1, 2].map(() => `CSV-${randomUUID().slice(0, 8)}`);
    const csv = [
      "product_title,description,sku_code,price,currency,stock,status",
      ...codes.map((c, i) => `CSV product ${codes[0]},imported,${c},3.00,USD,${(i + 1) * 10},listed`),
    ].join("\n");
    const report = await merchant.api.merchant.products.importCsv({ csv });
    expect(report.imported).toEqual({ products: 1, skus: 3 });
    const rows = await app.db.sku.findMany({ where: { code: { in: codes } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.stock)).toEqual([0, 0, 0]);
    const figures = await remote.figures(rows.map((r) => r.id));
    expect(rows.map((r) => figures.get(r.id)?.stock)).toEqual([10, 20, 30]);
  });

  it("a registration that cannot reach the service: INVENTORY_UNAVAILABLE, the SKU shows 0, adding stock registers it", async () => {
    const merchant = await app.user("MERCHANT");
    const product = await merchant.api.merchant.products.create({ title: `Down ${randomUUID()}`, description: "d" });
    await app.service!.stop();
    const code = `DOWN-${randomUUID().slice(0, 8)}`;
    const refused = await codeOf(
      merchant.api.merchant.skus.create({
        productId: product.id,
        code,
        attributes: {},
        price: "1.00",
        currency: "USD",
        stock: 9,
      }),
    );
    expect(refused).toBe("INVENTORY_UNAVAILABLE");
    const sku = await app.db.sku.findFirstOrThrow({ where: { code } });
    expect(sku.stock).toBe(0);
    await app.service!.start();
    await pause(400); // the breaker's reset (resetMs 300)
    expect((await merchant.api.merchant.skus.list({ productId: product.id }))[0]?.stock).toBe(0);
    expect(await merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: 9, reason: "again" })).toMatchObject({
      stock: 9,
    });
    expect((await remote.figures([sku.id])).get(sku.id)).toMatchObject({ stock: 9, stockLocked: 0, sold: 0 });
  });
});

describe("remote mode: the demo seed", () => {
  it("registers the demo SKUs with their stock in the inventory; the order database keeps 0; a re-run adds nothing", async () => {
    await seedDemo(app.db, remote);
    const sku = await app.db.sku.findFirstOrThrow({ where: { code: "CWB-OLIVE" } });
    expect(sku.stock).toBe(0);
    expect((await remote.figures([sku.id])).get(sku.id)).toMatchObject({ stock: 15, stockLocked: 0, sold: 0 });
    await seedDemo(app.db, remote);
    expect((await remote.figures([sku.id])).get(sku.id)?.stock).toBe(15);
    expect(await app.db.sku.count({ where: { code: "CWB-OLIVE" } })).toBe(1);
  });
});

describe("remote mode: handover and invariants", () => {
  it("hands the order database's stock over (chunked, idempotent) and zeroes it there", async () => {
    const merchant = await app.user("MERCHANT");
    const product = await merchant.api.merchant.products.create({ title: `Legacy ${randomUUID()}`, description: "d" });
    // Created in local mode (no inventory): the stock is in the order database, as after the seed.
    const legacy = [];
    for (const stock of [3, 0, 8])
      legacy.push(
        await createSku(
          app.db,
          merchant.id,
          product.id,
          { code: `L-${randomUUID().slice(0, 8)}`, attributes: {}, price: "2.00", currency: "USD", stock },
          merchant.id,
        ),
      );
    const ids = legacy.map((s) => s.id);
    expect(await remote.figures(ids)).toEqual(new Map());
    expect((await checkInvariants(app.db, { remote: remoteCheck() })).map((v) => v.check)).toContain("order_db_stock");

    const client = createInventoryClient({ urls: [app.service!.url], token: app.service!.token, timeoutMs: 5_000 });
    const first = await handOverStock(app.db, client, { chunk: 2 });
    expect(first.units).toBeGreaterThanOrEqual(11);
    const figures = await remote.figures(ids);
    expect(ids.map((id) => figures.get(id)?.stock)).toEqual([3, 0, 8]);
    const rows = await app.db.sku.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.stock, r.stockLocked, r.sold, r.flashBuckets])).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    // Again (a restart): nothing moves twice.
    await handOverStock(app.db, client);
    const again = await remote.figures(ids);
    expect(ids.map((id) => again.get(id)?.stock)).toEqual([3, 0, 8]);
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);
  });

  it("the cross-check names a SKU whose held units have no TRIED order, and an order whose hold is gone", async () => {
    const merchant = await app.user("MERCHANT");
    const { skus } = await productWithSkus(merchant, [6]);
    const sku = skus[0]!;
    const buyer = await fundedMember(app, "50.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);
    // The order's hold vanishes from the inventory (held 0 there, 2 UNPAID here).
    const pool = app.service!.db.pool;
    await pool.query("UPDATE skus SET stock_locked = 0, stock = stock + 2 WHERE id = $1", [sku.id]);
    const found = await checkInvariants(app.db, { remote: remoteCheck() });
    expect(found).toContainEqual({ check: "held_vs_orders", subject: `sku:${sku.id}`, expected: "2", actual: "0" });
    expect(found.some((v) => v.check === "inventory" && v.subject === `sku:${sku.id}`)).toBe(true);
    await pool.query("UPDATE skus SET stock_locked = 2, stock = stock - 2 WHERE id = $1", [sku.id]);
    await buyer.api.order.cancel({ orderId: order.id });
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);
  });
});
