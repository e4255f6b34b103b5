import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogPageSql, type CatalogQuery } from "../src/catalog/list.ts";
import { createTestApp, type TestApp, type TestUser } from "../src/testing/index.ts";
import { codeOf } from "./support/fixtures.ts";

let app: TestApp;
let merchant: TestUser;
const ids: Record<string, number> = {};

/** Five products: prices in USD and JPY, one with no listed SKU, one delisted. */
beforeAll(async () => {
  app = await createTestApp();
  merchant = await app.user("MERCHANT", "Catalogue Co");
  const make = async (title: string, skus: { price: string; currency: string }[], listed = true) => {
    const product = await merchant.api.merchant.products.create({ title, description: `${title} description` });
    for (const [i, s] of skus.entries())
      await merchant.api.merchant.skus.create({
        productId: product.id,
        code: `${title}-${i}`,
        attributes: { v: String(i) },
        price: s.price,
        currency: s.currency,
        stock: 5,
      });
    if (skus.length > 0 && listed)
      await merchant.api.merchant.products.setStatus({ productId: product.id, status: "LISTED" });
    ids[title] = product.id;
  };
  await make("Apple", [
    { price: "3.00", currency: "USD" },
    { price: "9.00", currency: "USD" },
  ]);
  await make("Banana", [{ price: "1.50", currency: "USD" }]);
  await make("Cherry", [{ price: "700", currency: "JPY" }]);
  await make("Durian", [{ price: "20.00", currency: "USD" }]);
  await make("Elderberry", [{ price: "5.00", currency: "USD" }], false);
});
afterAll(async () => {
  await app?.close();
});

const titles = (items: { title: string }[]) => items.map((i) => i.title);

/** Every page of a listing, `limit` at a time, following the cursors: the titles in page order. */
async function titlesOfAllPages(query: Omit<CatalogQuery, "cursor">): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof app.anon.catalog.list>> = await app.anon.catalog.list({ ...query, cursor });
    seen.push(...titles(page.items));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe("catalog.list", () => {
  it("shows listed products only, newest first, with price ranges per currency", async () => {
    const page = await app.anon.catalog.list({ merchantId: merchant.id, limit: 20 });
    expect(titles(page.items)).toEqual(["Durian", "Cherry", "Banana", "Apple"]);
    expect(page.items.find((p) => p.title === "Apple")?.prices).toEqual([
      { currency: "USD", scale: 2, min: "3.00", max: "9.00" },
    ]);
    expect(page.items.find((p) => p.title === "Cherry")?.prices).toEqual([
      { currency: "JPY", scale: 0, min: "700", max: "700" },
    ]);
  });

  it("sorts by price and title with keyset pages that neither skip nor repeat", async () => {
    for (const [sort, expected] of [
      ["price_asc", ["Banana", "Apple", "Durian", "Cherry"]],
      ["price_desc", ["Cherry", "Durian", "Apple", "Banana"]],
      ["title", ["Apple", "Banana", "Cherry", "Durian"]],
      ["newest", ["Durian", "Cherry", "Banana", "Apple"]],
    ] as const) {
      const seen = await titlesOfAllPages({ merchantId: merchant.id, sort, limit: 1 });
      expect([sort, seen]).toEqual([sort, expected]);
    }
  });

  it("filters by currency, price range and text; a forged cursor starts over", async () => {
    expect(
      titles((await app.anon.catalog.list({ merchantId: merchant.id, currency: "JPY", limit: 20 })).items),
    ).toEqual(["Cherry"]);
    expect(
      titles(
        (
          await app.anon.catalog.list({
            merchantId: merchant.id,
            currency: "USD",
            minPrice: "4",
            maxPrice: "10",
            limit: 20,
          })
        ).items,
      ),
    ).toEqual(["Apple"]);
    expect(titles((await app.anon.catalog.list({ q: "banan", merchantId: merchant.id, limit: 20 })).items)).toEqual([
      "Banana",
    ]);
    expect(titles((await app.anon.catalog.list({ q: "100%_", merchantId: merchant.id, limit: 20 })).items)).toEqual([]);
    const forged = Buffer.from(JSON.stringify({ id: 1, value: "'; DROP TABLE x" })).toString("base64url");
    expect(
      (await app.anon.catalog.list({ merchantId: merchant.id, sort: "price_asc", cursor: forged, limit: 20 })).items,
    ).toHaveLength(4);
  });

  it("follows price changes and delisting at once (kept by triggers)", async () => {
    const skus = await merchant.api.merchant.skus.list({ productId: ids.Banana! });
    await merchant.api.merchant.skus.update({ skuId: skus[0]!.id, price: "99.00" });
    expect(
      titles(
        (await app.anon.catalog.list({ merchantId: merchant.id, currency: "USD", sort: "price_desc", limit: 1 })).items,
      ),
    ).toEqual(["Banana"]);
    await merchant.api.merchant.skus.setStatus({ skuId: skus[0]!.id, status: "DELISTED" });
    expect(titles((await app.anon.catalog.list({ merchantId: merchant.id, limit: 20 })).items)).not.toContain("Banana");
    await merchant.api.merchant.products.setStatus({ productId: ids.Durian!, status: "DELISTED" });
    expect(titles((await app.anon.catalog.list({ merchantId: merchant.id, limit: 20 })).items)).toEqual([
      "Cherry",
      "Apple",
    ]);
    expect(
      await app.anon.catalog.product({ id: ids.Durian! }).catch((e: { cause?: { code?: string } }) => e.cause?.code),
    ).toBe("NOT_FOUND");
  });
});

describe("catalog.list search", () => {
  let shop: TestUser;
  // Listed in this order (ids ascending); the draft must never show. "Zephyr 1000 …" and the
  // "r k" in "Zephyr knit-free" are decoys an unescaped `%` or `_` would match.
  beforeAll(async () => {
    shop = await app.user("MERCHANT", "Search Co");
    for (const [title, description, price] of [
      ["Zephyr Desk Lamp", "Brass arm with a warm LED.", "40.00"],
      ["Oak Reading Chair", "Pairs well with any zephyr lamp.", "120.00"],
      ["Zephyr 100% Wool Throw", "Zephyr_knit, machine washable.", "40.00"],
      ["Zephyr 1000 Thread Sheets", "Zephyr knit-free percale.", "75.00"],
      ["Onyx Zephyr Bowl", "Hand-turned.", "15.50"],
      ["Zephyr Candle", "Soy wax, 40 hours.", "12.00"],
      ["Quiet Fan", "Zephyr-grade airflow.", "60.00"],
    ] as const) {
      const product = await shop.api.merchant.products.create({ title, description });
      await shop.api.merchant.skus.create({
        productId: product.id,
        code: `Z-${product.id}`,
        attributes: { v: "1" },
        price,
        currency: "USD",
        stock: 1,
      });
      await shop.api.merchant.products.setStatus({ productId: product.id, status: "LISTED" });
    }
    await shop.api.merchant.products.create({ title: "Zephyr Draft", description: "Never listed." });
  });

  /** What "zephyr" matches (title or description), newest first. */
  const ZEPHYR_MATCHES = [
    "Quiet Fan",
    "Zephyr Candle",
    "Onyx Zephyr Bowl",
    "Zephyr 1000 Thread Sheets",
    "Zephyr 100% Wool Throw",
    "Oak Reading Chair",
    "Zephyr Desk Lamp",
  ];
  const search = async (q: string, more: Partial<CatalogQuery> = {}) =>
    titles((await app.anon.catalog.list({ q, limit: 50, ...more })).items);

  it("matches a substring of the title or the description, case-insensitively", async () => {
    expect(await search("ZEPHYR")).toEqual(ZEPHYR_MATCHES);
    expect(await search("desk LA")).toEqual(["Zephyr Desk Lamp"]);
    expect(await search("WARM led")).toEqual(["Zephyr Desk Lamp"]);
    expect(await search("zephyr lamp")).toEqual(["Oak Reading Chair"]);
    expect(await search("  zephyr candle  ")).toEqual(["Zephyr Candle"]);
  });

  it("takes % _ and \\ in q literally", async () => {
    expect(await search("100%")).toEqual(["Zephyr 100% Wool Throw"]);
    expect(await search("r_k")).toEqual(["Zephyr 100% Wool Throw"]);
    expect(await search("%", { merchantId: shop.id })).toEqual(["Zephyr 100% Wool Throw"]);
    expect(await search("_", { merchantId: shop.id })).toEqual(["Zephyr 100% Wool Throw"]);
    expect(await search("\\", { merchantId: shop.id })).toEqual([]);
  });

  it("finds short terms within one merchant; across the whole catalogue they are refused (no trigrams to look up)", async () => {
    expect(await search("yx", { merchantId: shop.id })).toEqual(["Onyx Zephyr Bowl"]);
    expect(await search("Q", { merchantId: shop.id })).toEqual(["Quiet Fan"]);
    expect(await search("zz", { merchantId: shop.id })).toEqual([]);
    expect(await codeOf(app.anon.catalog.list({ q: "yx", limit: 20 }))).toBe("BAD_REQUEST");
  });

  it("pages through a search in every sort, each match exactly once and in order", async () => {
    for (const sort of ["newest", "price_asc", "price_desc", "title"] as const) {
      const seen = await titlesOfAllPages({ q: "zephyr", sort, limit: 2 });
      expect([sort, seen]).toEqual([sort, await search("zephyr", { sort })]);
      expect([sort, [...seen].sort()]).toEqual([sort, [...ZEPHYR_MATCHES].sort()]);
    }
    // Equal prices are ordered by id (the Desk Lamp was listed before the Wool Throw).
    expect(await search("zephyr", { sort: "price_asc" })).toEqual([
      "Zephyr Candle",
      "Onyx Zephyr Bowl",
      "Zephyr Desk Lamp",
      "Zephyr 100% Wool Throw",
      "Quiet Fan",
      "Zephyr 1000 Thread Sheets",
      "Oak Reading Chair",
    ]);
  });
});

/**
 * The search's plans on ten thousand listed products: a rare term must read the trigram indexes
 * (the indexes' predicate and operator class must fit the query), a common one must walk the
 * sort's index and stop at the page's end (the CTE is planned for more rows than the page).
 */
describe("catalog.list search plans", () => {
  beforeAll(async () => {
    const bulk = await app.user("MERCHANT", "Bulk Co");
    await app.db.$executeRaw`
      INSERT INTO products (merchant_id, title, description, status)
      SELECT ${bulk.id}, 'Item ' || g, 'Plain item number ' || g, 'LISTED' FROM generate_series(1, 10000) g`;
    await app.db.$executeRaw`
      INSERT INTO products (merchant_id, title, description, status) VALUES (${bulk.id}, 'Brass Lantern', 'One of a kind.', 'LISTED')`;
    await app.db.$executeRaw`
      INSERT INTO skus (product_id, merchant_id, code, price, currency, stock)
      SELECT p.id, p.merchant_id, 'B-' || p.id, 1 + p.id % 50, 'USD', 1 FROM products p WHERE p.merchant_id = ${bulk.id}`;
    // VACUUM also merges the GIN indexes' pending lists, as autovacuum would on a live table.
    await app.db.$executeRaw`VACUUM ANALYZE products`;
  });

  interface PlanNode {
    "Node Type": string;
    "Index Name"?: string;
    "Relation Name"?: string;
    "Actual Rows": number;
    Plans?: PlanNode[];
  }
  const productScans = async (query: Partial<CatalogQuery>): Promise<PlanNode[]> => {
    const sql = catalogPageSql({ sort: "newest", limit: 20, ...query });
    const [row] = await app.db.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql.text}`,
      ...sql.values,
    );
    const found: PlanNode[] = [];
    const walk = (node: PlanNode) => {
      if (node["Relation Name"] === "products" || node["Index Name"]?.startsWith("products_")) found.push(node);
      node.Plans?.forEach(walk);
    };
    walk(row!["QUERY PLAN"][0].Plan);
    return found;
  };

  it("reads a rare term's matches from the trigram indexes", async () => {
    for (const sort of ["newest", "price_asc", "title"] as const) {
      const indexes = (await productScans({ q: "lantern", sort })).map((n) => n["Index Name"]);
      expect([sort, indexes]).toEqual([
        sort,
        expect.arrayContaining(["products_listed_title_trgm", "products_listed_description_trgm"]),
      ]);
    }
  });

  it("walks the sort's index for a common term and reads no further than the page", async () => {
    for (const sort of ["newest", "price_asc", "price_desc", "title"] as const) {
      const scans = (await productScans({ q: "item", sort })).map((n) => [
        n["Node Type"],
        n["Index Name"]?.endsWith("_trgm"),
        n["Actual Rows"],
      ]);
      expect([sort, scans]).toEqual([sort, [["Index Scan", false, 21]]]);
    }
  });
});

describe("merchant.products.importCsv", () => {
  const header = "product_title,description,image_url,sku_code,attributes,price,currency,stock,status";
  it("reports every bad row and imports nothing; a clean file imports all, with audited stock", async () => {
    const importer = await app.user("MERCHANT");
    const bad = [
      header,
      "Mug,Stoneware,,MUG-1,colour=blue,12.00,USD,5,listed",
      "Mug,Stoneware,,MUG-2,colour=red,12.001,USD,5,listed",
      "Bowl,,,BWL-1,,9,XYZ,1,draft",
    ].join("\n");
    const report = await importer.api.merchant.products.importCsv({ csv: bad, dryRun: false });
    expect(report.imported).toEqual({ products: 0, skus: 0 });
    expect(report.errors.map((e) => e.row)).toEqual([2, 3]);
    expect(await app.db.product.count({ where: { merchantId: importer.id } })).toBe(0);

    const good = [
      header,
      "Mug,Stoneware,,MUG-1,colour=blue,12.00,USD,5,listed",
      "Mug,Stoneware,,MUG-2,colour=red,12.00,USD,0,listed",
      "Bowl,,,BWL-1,,900,JPY,1,draft",
    ].join("\n");
    const done = await importer.api.merchant.products.importCsv({ csv: good, dryRun: false });
    expect(done).toMatchObject({ imported: { products: 2, skus: 3 }, errors: [] });
    const listed = await app.anon.catalog.list({ merchantId: importer.id, limit: 10 });
    expect(listed.items.map((p) => p.title)).toEqual(["Mug"]);
    const moves = await app.db.stockMovement.findMany({
      where: { sku: { merchantId: importer.id } },
      select: { delta: true, reason: true },
    });
    expect(moves.sort((a, b) => a.delta - b.delta)).toEqual([
      { delta: 1, reason: "CSV import" },
      { delta: 5, reason: "CSV import" },
    ]);
  });
});
