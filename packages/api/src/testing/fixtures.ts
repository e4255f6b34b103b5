import { randomUUID } from "node:crypto";
import type { Db } from "@trade/db";
import type { TestApp, TestUser } from "./test-app.ts";

// The data the integration tests of this package and of apps/job start from.

export const key = (): string => `k-${randomUUID()}`;

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
export async function fundedMember(app: TestApp, amount = "100.00", currency = "USD"): Promise<TestUser> {
  const member = await app.user("MEMBER");
  await member.api.wallet.deposit({ currency, amount, idempotencyKey: `seed-${randomUUID()}` });
  return member;
}

/**
 * Places an order of these lines (`[skuId, quantity]` each; one SKU may come twice) under a fresh
 * idempotency key.
 */
export const placeLines = (buyer: TestUser, ...lines: [skuId: number, quantity: number][]) =>
  buyer.api.order.place({ items: lines.map(([skuId, quantity]) => ({ skuId, quantity })), idempotencyKey: key() });

/**
 * Moves UNPAID orders' deadline to `offset` from now (a second ago by default): the next sweep
 * expires them, instead of the test waiting out ORDER_TTL_SECONDS.
 */
export async function makeDue(
  app: Pick<TestApp, "db">,
  orderIds: number | number[],
  offset = "-1 second",
): Promise<void> {
  const ids = Array.isArray(orderIds) ? orderIds : [orderIds];
  await app.db.$executeRaw`UPDATE orders SET expires_at = now() + ${offset}::interval WHERE id = ANY(${ids}::int[])`;
}

/** A member's wallet account row in `currency`. */
export const walletAccountOf = (app: { db: Db }, userId: number, currency = "USD") =>
  app.db.account.findUniqueOrThrow({ where: { userId_currency: { userId, currency } } });

/**
 * Drops the limits migration's CHECK on SKU counters, for a file (with its own database) that
 * recreates a SKU counter at int4's maximum: releasing a hold then overflows (SQLSTATE 22003),
 * the poison order of the expiry sweep.
 */
export async function dropUnitsLimit(app: { db: Db }): Promise<void> {
  await app.db.$executeRawUnsafe(`ALTER TABLE skus DROP CONSTRAINT skus_units_within_limit`);
}
