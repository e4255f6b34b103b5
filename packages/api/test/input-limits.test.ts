import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CART_LINES } from "../src/cart/cart.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { codeOf, fundedMember, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("bad input is 4xx, never 500 (regressions)", () => {
  it("wallet.ledger and merchant.ledger refuse a cursor past int8 (was a 500)", async () => {
    const member = await fundedMember(app, "5.00");
    const merchant = await app.user("MERCHANT");
    for (const cursor of ["9223372036854775808", "9999999999999999999", "0", "-1", "12a"]) {
      expect([cursor, await codeOf(member.api.wallet.ledger({ cursor, limit: 5 }))]).toEqual([cursor, "BAD_REQUEST"]);
      expect([cursor, await codeOf(merchant.api.merchant.ledger({ cursor, limit: 5 }))]).toEqual([
        cursor,
        "BAD_REQUEST",
      ]);
    }
    expect((await member.api.wallet.ledger({ cursor: "9223372036854775807", limit: 5 })).items).toHaveLength(1);
  });

  it("catalog.list refuses a forged cursor (was a 500), in every sort", async () => {
    for (const sort of ["newest", "price_asc", "price_desc", "title"] as const)
      for (const cursor of [
        forged({ id: 2 ** 31, value: "1" }),
        forged({ id: 1e20, value: "1" }),
        forged({ id: 1, value: "\u0000" }),
        "not base64 json",
      ])
        expect([sort, cursor, await codeOf(app.anon.catalog.list({ sort, cursor, limit: 5 }))]).toEqual([
          sort,
          cursor,
          "BAD_REQUEST",
        ]);
  });

  it("text with NUL or a lone surrogate is BAD_REQUEST for any field (jsonb attributes were a 500)", async () => {
    const { merchant, sku } = await stockedSku(app);
    expect(await codeOf(merchant.api.merchant.skus.update({ skuId: sku.id, attributes: { colour: "\uD800" } }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(merchant.api.merchant.products.create({ title: "a\u0000b", description: "" }))).toBe(
      "BAD_REQUEST",
    );
    // A valid pair (an emoji) is fine.
    expect(
      (await merchant.api.merchant.skus.update({ skuId: sku.id, attributes: { colour: "🙂" } })).attributes,
    ).toEqual({
      colour: "🙂",
    });
  });

  it("stock adjustments cannot overflow the column (was a 500)", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 10 });
    const adjust = (delta: number) => merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta, reason: "load" });
    // One step is at most 10^7 at the edge (int4's maximum was an overflow, 500); in steps up to
    // the bound of 10^9 units (stock + held + sold), then one past it.
    expect(await codeOf(adjust(2_147_483_647))).toBe("BAD_REQUEST");
    for (let i = 0; i < 99; i++) await adjust(10_000_000);
    expect((await adjust(9_999_990)).stock).toBe(1_000_000_000);
    expect(await codeOf(adjust(1))).toBe("STOCK_LIMIT");
    expect((await adjust(-10)).stock).toBe(999_999_990);
  });

  it("dates outside what PostgreSQL holds are BAD_REQUEST", async () => {
    const merchant = await app.user("MERCHANT");
    expect(await codeOf(merchant.api.merchant.orders.list({ from: new Date(-8.64e15), limit: 5 }))).toBe("BAD_REQUEST");
  });
});

describe("size limits", () => {
  it(`a cart holds at most ${MAX_CART_LINES} distinct SKUs, even when added all at once`, async () => {
    const { merchant, product, sku: first } = await stockedSku(app);
    const skus = [first];
    for (let i = 1; i < MAX_CART_LINES + 5; i++)
      skus.push(
        await merchant.api.merchant.skus.create({
          productId: product.id,
          code: `CART-${i}`,
          attributes: {},
          price: "1.00",
          currency: "USD",
          stock: 5,
        }),
      );
    const member = await app.user("MEMBER");
    const add = (skuId: number) => codeOf(member.api.cart.set({ skuId, quantity: 1 }));
    for (const s of skus.slice(0, MAX_CART_LINES - 5)) expect(await add(s.id)).toBe("RESOLVED");
    // The last 10 at once (as one batch would): each must not see room that another took.
    const codes = await Promise.all(skus.slice(MAX_CART_LINES - 5).map((s) => add(s.id)));
    expect(codes.filter((c) => c === "RESOLVED")).toHaveLength(5);
    expect(codes.filter((c) => c === "CART_FULL")).toHaveLength(5);
    expect((await member.api.cart.get()).count).toBe(MAX_CART_LINES);
    // Changing a line already in the cart is still allowed.
    const inCart = (await member.api.cart.get()).groups[0]?.lines[0];
    expect(await codeOf(member.api.cart.set({ skuId: inCart?.skuId ?? 0, quantity: 3 }))).toBe("RESOLVED");
  });

  it("public search needs 3 characters, unless within one merchant", async () => {
    const { merchant } = await stockedSku(app);
    expect(await codeOf(app.anon.catalog.list({ q: "ab", limit: 5 }))).toBe("BAD_REQUEST");
    expect(await codeOf(app.anon.catalog.list({ q: "ab", merchantId: merchant.id, limit: 5 }))).toBe("RESOLVED");
    expect(await codeOf(app.anon.catalog.list({ q: "abc", limit: 5 }))).toBe("RESOLVED");
  });
});

describe("CSV import rows are checked exactly as the single-row procedures check them", () => {
  it("image URL scheme, attribute limits and duplicate codes: same refusals, same codes", async () => {
    const merchant = await app.user("MERCHANT");
    const product = await merchant.api.merchant.products.create({ title: "Existing", description: "" });
    await merchant.api.merchant.skus.create({
      productId: product.id,
      code: "TAKEN-1",
      attributes: {},
      price: "1.00",
      currency: "USD",
      stock: 1,
    });
    const manyAttributes = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join(";");
    const longValue = `colour=${"x".repeat(101)}`;
    const csv = [
      "product_title,image_url,sku_code,attributes,price,currency,stock",
      "Lamp,javascript:alert(1),L-1,,1.00,USD,1",
      `Lamp,,L-2,${manyAttributes},1.00,USD,1`,
      `Lamp,,L-3,${longValue},1.00,USD,1`,
      "Lamp,,TAKEN-1,,1.00,USD,1",
      "Lamp,,L-5,,1.00,USD,1",
      "Lamp,,L-5,,1.00,USD,1",
      "Lamp,,L-7,,1.001,USD,1",
      "Lamp,,L-8,,1.00,USD,20000000",
    ].join("\n");
    const report = await merchant.api.merchant.products.importCsv({ csv, dryRun: false });
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([
      [1, "BAD_REQUEST"],
      [2, "BAD_REQUEST"],
      [3, "BAD_REQUEST"],
      [4, "CODE_TAKEN"],
      [6, "CODE_TAKEN"],
      [7, "INVALID_AMOUNT"],
      [8, "BAD_REQUEST"],
    ]);
    expect(report.errors[0]?.message).toMatch(/image_url/);
    expect(report.imported).toEqual({ products: 0, skus: 0 });

    // The same values, one at a time, through the single-row procedures.
    const create = merchant.api.merchant.skus.create;
    const sku = { productId: product.id, attributes: {}, price: "1.00", currency: "USD", stock: 1 };
    expect(
      await codeOf(
        merchant.api.merchant.products.create({ title: "Lamp", description: "", imageUrl: "javascript:alert(1)" }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        create({
          ...sku,
          code: "L-2",
          attributes: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])),
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(create({ ...sku, code: "L-3", attributes: { colour: "x".repeat(101) } }))).toBe("BAD_REQUEST");
    expect(await codeOf(create({ ...sku, code: "TAKEN-1" }))).toBe("CODE_TAKEN");
    expect(await codeOf(create({ ...sku, code: "L-7", price: "1.001" }))).toBe("INVALID_AMOUNT");
    expect(await codeOf(create({ ...sku, code: "L-8", stock: 20_000_000 }))).toBe("BAD_REQUEST");
  });
});
