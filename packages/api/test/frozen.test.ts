import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("a freeze stops every change that matters, for every role, on the next request", () => {
  it("a frozen merchant cannot create or edit products, SKUs, prices or stock; nothing changes", async () => {
    const { merchant, product, sku } = await stockedSku(app, { stock: 10, price: "2.00" });
    const ops = await app.user("OPERATOR");
    await ops.api.ops.users.setStatus({ userId: merchant.id, status: "FROZEN" });
    const attempts: [string, Promise<unknown>][] = [
      ["products.create", merchant.api.merchant.products.create({ title: "New", description: "" })],
      ["products.update", merchant.api.merchant.products.update({ productId: product.id, title: "Renamed" })],
      ["products.setStatus", merchant.api.merchant.products.setStatus({ productId: product.id, status: "DELISTED" })],
      ["products.importCsv", merchant.api.merchant.products.importCsv({ csv: "title\nx", dryRun: false })],
      [
        "skus.create",
        merchant.api.merchant.skus.create({
          productId: product.id,
          code: `N-${key()}`,
          attributes: {},
          price: "1.00",
          currency: "USD",
          stock: 1,
        }),
      ],
      ["skus.update", merchant.api.merchant.skus.update({ skuId: sku.id, price: "0.01" })],
      ["skus.setStatus", merchant.api.merchant.skus.setStatus({ skuId: sku.id, status: "DELISTED" })],
      ["skus.adjustStock", merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: 100, reason: "restock" })],
    ];
    for (const [label, attempt] of attempts) expect([label, await codeOf(attempt)]).toEqual([label, "ACCOUNT_FROZEN"]);
    // Reads still work, and nothing changed.
    expect((await merchant.api.merchant.skus.list({ productId: product.id }))[0]).toMatchObject({
      price: "2.00",
      status: "LISTED",
      stock: 10,
    });
    expect(await app.db.product.count({ where: { merchantId: merchant.id } })).toBe(1);
    expect((await merchant.api.merchant.products.get({ productId: product.id })).title).toBe(product.title);

    // Unfrozen: the same request works again on the next call.
    await ops.api.ops.users.setStatus({ userId: merchant.id, status: "ACTIVE" });
    expect((await merchant.api.merchant.skus.update({ skuId: sku.id, price: "3.00" })).price).toBe("3.00");
  });

  it("a frozen member keeps what they may give up: cancelling an order and revoking a token", async () => {
    const { sku } = await stockedSku(app, { stock: 10, price: "2.00" });
    const member = await fundedMember(app, "10.00");
    const order = await member.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    const token = await member.api.auth.createToken({ name: "cli" });
    const ops = await app.user("OPERATOR");
    await ops.api.ops.users.setStatus({ userId: member.id, status: "FROZEN" });
    expect(await codeOf(member.api.cart.set({ skuId: sku.id, quantity: 1 }))).toBe("ACCOUNT_FROZEN");
    expect(await codeOf(member.api.wallet.deposit({ currency: "USD", amount: "1.00", idempotencyKey: key() }))).toBe(
      "ACCOUNT_FROZEN",
    );
    expect((await member.api.order.cancel({ orderId: order.id })).status).toBe("CANCELLED");
    expect(await member.api.auth.revokeToken({ tokenId: token.id })).toEqual({ id: token.id });
    expect((await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } })).stock).toBe(10);
    await app.assertInvariants();
  });
});
