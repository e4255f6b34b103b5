import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/root.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

type AnyCaller = Record<string, unknown>;
/** Calls `path` (e.g. "merchant.products.update") on a caller with `input`. */
function call(caller: AnyCaller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  return fn(input);
}

const PUBLIC = new Set([
  "auth.register",
  "auth.issueToken",
  "catalog.list",
  "catalog.product",
  "catalog.merchants",
  "catalog.currencies",
]);
const procedures = Object.keys(appRouter._def.procedures);

describe("every procedure checks who is calling", () => {
  it("lists the procedures it checks", () => {
    expect(procedures.length).toBeGreaterThan(40);
  });

  it("anonymous callers get UNAUTHORIZED on every non-public procedure", async () => {
    for (const path of procedures.filter((p) => !PUBLIC.has(p))) {
      expect([path, await codeOf(call(app.anon as unknown as AnyCaller, path, {}))]).toEqual([path, "UNAUTHORIZED"]);
    }
  });

  it("members get FORBIDDEN on every merchant.* and ops.* procedure; merchants on every ops.*", async () => {
    const member = await app.user("MEMBER");
    const merchant = await app.user("MERCHANT");
    for (const path of procedures.filter((p) => p.startsWith("merchant.") || p.startsWith("ops."))) {
      expect([path, await codeOf(call(member.api as unknown as AnyCaller, path, {}))]).toEqual([path, "FORBIDDEN"]);
    }
    for (const path of procedures.filter((p) => p.startsWith("ops."))) {
      expect([path, await codeOf(call(merchant.api as unknown as AnyCaller, path, {}))]).toEqual([path, "FORBIDDEN"]);
    }
  });
});

describe("nobody sees or touches what is not theirs", () => {
  it("a member cannot read or act on another member's order, ledger, cart or tokens", async () => {
    const { sku } = await stockedSku(app, { stock: 10, price: "2.00" });
    const alice = await fundedMember(app, "50.00");
    const bob = await fundedMember(app, "50.00");
    const order = await alice.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await alice.api.cart.set({ skuId: sku.id, quantity: 2 });
    const token = await alice.api.auth.createToken({ name: "cli" });

    expect(await codeOf(bob.api.order.get({ orderId: order.id }))).toBe("NOT_FOUND");
    expect(await codeOf(bob.api.order.pay({ orderId: order.id }))).toBe("NOT_FOUND");
    expect(await codeOf(bob.api.order.cancel({ orderId: order.id }))).toBe("NOT_FOUND");
    expect((await bob.api.order.list({ limit: 50 })).items).toEqual([]);
    expect(await codeOf(bob.api.auth.revokeToken({ tokenId: token.id }))).toBe("NOT_FOUND");
    expect(await bob.api.auth.tokens()).toEqual([]);
    expect((await bob.api.cart.get()).count).toBe(0);
    const bobLedger = await bob.api.wallet.ledger({ limit: 100 });
    const aliceAccounts = new Set((await alice.api.wallet.accounts()).map((a) => a.id));
    expect(bobLedger.items.length).toBeGreaterThan(0);
    expect((await bob.api.wallet.accounts()).some((a) => aliceAccounts.has(a.id))).toBe(false);
    const aliceJournals = new Set((await alice.api.wallet.ledger({ limit: 100 })).items.map((l) => l.journalId));
    expect(bobLedger.items.some((l) => aliceJournals.has(l.journalId))).toBe(false);
    // Alice's order is untouched.
    expect((await alice.api.order.get({ orderId: order.id })).status).toBe("UNPAID");
    await app.assertInvariants();
  });

  it("a merchant cannot touch another merchant's products, SKUs, orders or money", async () => {
    const { merchant: owner, product, sku } = await stockedSku(app, { stock: 10, price: "2.00" });
    const other = await app.user("MERCHANT");
    const buyer = await fundedMember(app, "10.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const attempts: [string, unknown][] = [
      ["merchant.products.get", { productId: product.id }],
      ["merchant.products.update", { productId: product.id, title: "Hijacked" }],
      ["merchant.products.setStatus", { productId: product.id, status: "DELISTED" }],
      ["merchant.skus.list", { productId: product.id }],
      [
        "merchant.skus.create",
        { productId: product.id, code: "X-1", attributes: {}, price: "1.00", currency: "USD", stock: 1 },
      ],
      ["merchant.skus.update", { skuId: sku.id, price: "0.01" }],
      ["merchant.skus.setStatus", { skuId: sku.id, status: "DELISTED" }],
      ["merchant.skus.adjustStock", { skuId: sku.id, delta: -5, reason: "theft" }],
      ["merchant.orders.get", { orderId: order.id }],
    ];
    for (const [path, input] of attempts)
      expect([path, await codeOf(call(other.api as unknown as AnyCaller, path, input))]).toEqual([path, "NOT_FOUND"]);
    expect((await other.api.merchant.orders.list({ limit: 50 })).items).toEqual([]);
    expect((await other.api.merchant.products.list({ limit: 50 })).items).toEqual([]);
    const unchanged = await owner.api.merchant.skus.list({ productId: product.id });
    expect(unchanged[0]).toMatchObject({ price: "2.00", status: "LISTED", stock: 9 });
    expect((await owner.api.merchant.products.get({ productId: product.id })).title).not.toBe("Hijacked");
  });
});
