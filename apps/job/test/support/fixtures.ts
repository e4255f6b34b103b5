import { randomUUID } from "node:crypto";
import type { TestApp, TestUser } from "@trade/api/testing";
import { readJobEnv, type JobEnv } from "../../src/env.ts";
import { createLogger } from "../../src/log.ts";

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
    attributes: {},
    price: options.price ?? "10.00",
    currency: options.currency ?? "USD",
    stock: options.stock ?? 10,
  });
  await merchant.api.merchant.products.setStatus({ productId: product.id, status: "LISTED" });
  return { merchant, product, sku };
}

/** A member with `amount` deposited in `currency`. */
export async function fundedMember(app: TestApp, amount = "100.00", currency = "USD"): Promise<TestUser> {
  const member = await app.user("MEMBER");
  await member.api.wallet.deposit({ currency, amount, idempotencyKey: `seed-${randomUUID()}` });
  return member;
}

export async function placeOrder(member: TestUser, skuId: number, quantity = 1) {
  return member.api.order.place({ items: [{ skuId, quantity }], idempotencyKey: key() });
}

/** Makes orders due now (instead of waiting out ORDER_TTL_SECONDS). */
export async function makeDue(app: TestApp, orderIds: number[], offset = "-1 second"): Promise<void> {
  await app.db
    .$executeRaw`UPDATE orders SET expires_at = now() + ${offset}::interval WHERE id = ANY(${orderIds}::int[])`;
}

/** The job's environment for a test database; quiet logs unless JOB_TEST_LOG is set. */
export function testJobEnv(app: TestApp, overrides: Record<string, string> = {}): JobEnv {
  return readJobEnv({
    DATABASE_URL: app.url,
    JOB_HTTP_PORT: "0",
    LOG_LEVEL: process.env.JOB_TEST_LOG ?? "silent",
    JOB_DB_POOL_SIZE: "6",
    ...overrides,
  });
}

export const testLogger = () => createLogger(process.env.JOB_TEST_LOG ?? "silent");

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
