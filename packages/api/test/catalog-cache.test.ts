import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedCatalogPage } from "../src/catalog/list-cache.ts";
import { createTestApp, withRedis, type TestApp } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const query = { sort: "newest" as const, limit: 50 };
const titleOf = async (productId: number, deps = app.deps) =>
  (await cachedCatalogPage(deps, query)).items.find((p) => p.id === productId)?.title;

describe.runIf(withRedis())("catalogue page cache (with Redis)", () => {
  it("serves a page from the cache until a merchant or operator mutation invalidates it", async () => {
    const { merchant, product } = await stockedSku(app, { stock: 5, price: "3.00" });
    expect(await titleOf(product.id)).toBe(product.title);
    // A change behind the API's back (no invalidation) is not seen while the page is cached...
    await app.db.product.update({ where: { id: product.id }, data: { title: "Renamed directly" } });
    expect(await titleOf(product.id)).toBe(product.title);
    // ...a change through any merchant mutation is seen on the next request.
    await merchant.api.merchant.products.update({ productId: product.id, title: "Renamed by the merchant" });
    expect(await titleOf(product.id)).toBe("Renamed by the merchant");
    await merchant.api.merchant.products.setStatus({ productId: product.id, status: "DELISTED" });
    expect(await titleOf(product.id)).toBeUndefined();
  });

  it("a member's order does not invalidate it: stock counts lag by at most the TTL", async () => {
    const { product, sku } = await stockedSku(app, { stock: 5, price: "3.00" });
    const buyer = await fundedMember(app, "10.00");
    const available = async () =>
      (await cachedCatalogPage(app.deps, query)).items.find((p) => p.id === product.id)?.available;
    expect(await available()).toBe(5);
    await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    expect(await available()).toBe(5);
    // The source of truth moved at once.
    expect((await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } })).stock).toBe(3);
  });
});

describe("catalogue page cache without Redis", () => {
  it("caches nothing (there is no version to trust): a change is seen at once", async () => {
    const deps = { ...app.deps, redis: null };
    const { product } = await stockedSku(app, { stock: 5, price: "3.00" });
    expect(await titleOf(product.id, deps)).toBe(product.title);
    await app.db.product.update({ where: { id: product.id }, data: { title: "Renamed directly" } });
    expect(await titleOf(product.id, deps)).toBe("Renamed directly");
  });
});
