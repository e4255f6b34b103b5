import { randomUUID } from "node:crypto";
import type { TestApp, TestUser } from "../../src/testing/index.ts";

/** A merchant with one listed product and one listed SKU. */
export async function stockedSku(
  app: TestApp,
  options: { stock?: number; price?: string; currency?: string; merchant?: TestUser } = {},
) {
  const merchant = options.merchant ?? (await app.user("MERCHANT"));
  const product = await merchant.api.merchant.products.create({
    title: `Product ${randomUUID().slice(0, 6)}`,
    description: "A fine thing",
  });
  const sku = await merchant.api.merchant.skus.create({
    productId: product.id,
    code: `SKU-${randomUUID().slice(0, 8)}`,
    attributes: { colour: "red" },
    price: options.price ?? "10.00",
    currency: options.currency ?? "USD",
    stock: options.stock ?? 10,
  });
  await merchant.api.merchant.products.setStatus({ productId: product.id, status: "LISTED" });
  await registerStock(app, { skuId: sku.id, merchantId: merchant.id, stock: options.stock ?? 10 });
  return { merchant, product, sku };
}

/**
 * Remote inventory mode: a SKU's stock lives in the inventory service (idempotent per SKU, should
 * SKU creation already have registered it). Nothing to do in the local mode.
 */
export async function registerStock(app: TestApp, input: { skuId: number; merchantId: number; stock: number }) {
  const inventory = app.deps.inventory;
  if (inventory.kind === "remote") await inventory.register({ ...input, actorId: input.merchantId });
}

/** A member with `amount` deposited in `currency`. */
export async function fundedMember(app: TestApp, amount = "100.00", currency = "USD") {
  const member = await app.user("MEMBER");
  await member.api.wallet.deposit({ currency, amount, idempotencyKey: `seed-${randomUUID()}` });
  return member;
}

export const key = () => `k-${randomUUID()}`;

/** Moves an UNPAID order's deadline a second into the past: the next sweep expires it. */
export const makeDue = (app: Pick<TestApp, "db">, orderId: number) =>
  app.db.$executeRaw`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ${orderId}`;

/** The domain error code of a rejected call (shared with @trade/server's tests). */
export { codeOf } from "../../src/testing/index.ts";
