import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestUser } from "../src/testing/index.ts";

let app: TestApp;
let merchant: TestUser;
const ids: Record<string, number> = {};

/** Five products: prices in USD and JPY, one with no listed SKU, one delisted. */
beforeAll(async () => {
  app = await createTestApp();
  merchant = await app.user("MERCHANT", "Catalogue Co");
  const make = async (title: string, skus: { price: string; currency: string }[], listed = true) => {
    const product = await merchant.api.merchant.products.create({ title, description: `${title} description` });
    for (const [i, s] of skus.entries()) await merchant.api.merchant.skus.create({ productId: product.id, code: `${title}-${i}`, attributes: { v: String(i) }, price: s.price, currency: s.currency, stock: 5 });
    if (skus.length > 0 && listed) await merchant.api.merchant.products.setStatus({ productId: product.id, status: "LISTED" });
    ids[title] = product.id;
  };
  await make("Apple", [{ price: "3.00", currency: "USD" }, { price: "9.00", currency: "USD" }]);
  await make("Banana", [{ price: "1.50", currency: "USD" }]);
  await make("Cherry", [{ price: "700", currency: "JPY" }]);
  await make("Durian", [{ price: "20.00", currency: "USD" }]);
  await make("Elderberry", [{ price: "5.00", currency: "USD" }], false);
});
afterAll(async () => {
  await app?.close();
});

const titles = (items: { title: string }[]) => items.map((i) => i.title);

describe("catalog.list", () => {
  it("shows listed products only, newest first, with price ranges per currency", async () => {
    const page = await app.anon.catalog.list({ merchantId: merchant.id, limit: 20 });
    expect(titles(page.items)).toEqual(["Durian", "Cherry", "Banana", "Apple"]);
    expect(page.items.find((p) => p.title === "Apple")?.prices).toEqual([{ currency: "USD", scale: 2, min: "3.00", max: "9.00" }]);
    expect(page.items.find((p) => p.title === "Cherry")?.prices).toEqual([{ currency: "JPY", scale: 0, min: "700", max: "700" }]);
  });

  it("sorts by price and title with keyset pages that neither skip nor repeat", async () => {
    for (const [sort, expected] of [
      ["price_asc", ["Banana", "Apple", "Durian", "Cherry"]],
      ["price_desc", ["Cherry", "Durian", "Apple", "Banana"]],
      ["title", ["Apple", "Banana", "Cherry", "Durian"]],
      ["newest", ["Durian", "Cherry", "Banana", "Apple"]],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof app.anon.catalog.list>> = await app.anon.catalog.list({ merchantId: merchant.id, sort, limit: 1, cursor });
        seen.push(...titles(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      expect([sort, seen]).toEqual([sort, expected]);
    }
  });

  it("filters by currency, price range and text; a forged cursor starts over", async () => {
    expect(titles((await app.anon.catalog.list({ merchantId: merchant.id, currency: "JPY", limit: 20 })).items)).toEqual(["Cherry"]);
    expect(titles((await app.anon.catalog.list({ merchantId: merchant.id, currency: "USD", minPrice: "4", maxPrice: "10", limit: 20 })).items)).toEqual(["Apple"]);
    expect(titles((await app.anon.catalog.list({ q: "banan", merchantId: merchant.id, limit: 20 })).items)).toEqual(["Banana"]);
    expect(titles((await app.anon.catalog.list({ q: "100%_", merchantId: merchant.id, limit: 20 })).items)).toEqual([]);
    const forged = Buffer.from(JSON.stringify({ id: 1, value: "'; DROP TABLE x" })).toString("base64url");
    expect((await app.anon.catalog.list({ merchantId: merchant.id, sort: "price_asc", cursor: forged, limit: 20 })).items).toHaveLength(4);
  });

  it("follows price changes and delisting at once (kept by triggers)", async () => {
    const skus = await merchant.api.merchant.skus.list({ productId: ids.Banana! });
    await merchant.api.merchant.skus.update({ skuId: skus[0]!.id, price: "99.00" });
    expect(titles((await app.anon.catalog.list({ merchantId: merchant.id, currency: "USD", sort: "price_desc", limit: 1 })).items)).toEqual(["Banana"]);
    await merchant.api.merchant.skus.setStatus({ skuId: skus[0]!.id, status: "DELISTED" });
    expect(titles((await app.anon.catalog.list({ merchantId: merchant.id, limit: 20 })).items)).not.toContain("Banana");
    await merchant.api.merchant.products.setStatus({ productId: ids.Durian!, status: "DELISTED" });
    expect(titles((await app.anon.catalog.list({ merchantId: merchant.id, limit: 20 })).items)).toEqual(["Cherry", "Apple"]);
    expect(await app.anon.catalog.product({ id: ids.Durian! }).catch((e: { cause?: { code?: string } }) => e.cause?.code)).toBe("NOT_FOUND");
  });
});

describe("merchant.products.importCsv", () => {
  const header = "product_title,description,image_url,sku_code,attributes,price,currency,stock,status";
  it("reports every bad row and imports nothing; a clean file imports all, with audited stock", async () => {
    const importer = await app.user("MERCHANT");
    const bad = [header, "Mug,Stoneware,,MUG-1,colour=blue,12.00,USD,5,listed", "Mug,Stoneware,,MUG-2,colour=red,12.001,USD,5,listed", "Bowl,,,BWL-1,,9,XYZ,1,draft"].join("\n");
    const report = await importer.api.merchant.products.importCsv({ csv: bad, dryRun: false });
    expect(report.imported).toEqual({ products: 0, skus: 0 });
    expect(report.errors.map((e) => e.row)).toEqual([2, 3]);
    expect(await app.db.product.count({ where: { merchantId: importer.id } })).toBe(0);

    const good = [header, "Mug,Stoneware,,MUG-1,colour=blue,12.00,USD,5,listed", "Mug,Stoneware,,MUG-2,colour=red,12.00,USD,0,listed", "Bowl,,,BWL-1,,900,JPY,1,draft"].join("\n");
    const done = await importer.api.merchant.products.importCsv({ csv: good, dryRun: false });
    expect(done).toMatchObject({ imported: { products: 2, skus: 3 }, errors: [] });
    const listed = await app.anon.catalog.list({ merchantId: importer.id, limit: 10 });
    expect(listed.items.map((p) => p.title)).toEqual(["Mug"]);
    const moves = await app.db.stockMovement.findMany({ where: { sku: { merchantId: importer.id } }, select: { delta: true, reason: true } });
    expect(moves.sort((a, b) => a.delta - b.delta)).toEqual([{ delta: 1, reason: "CSV import" }, { delta: 5, reason: "CSV import" }]);
  });
});
