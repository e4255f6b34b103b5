import { fundedMember, key, type TestApp, type TestUser } from "@trade/api/testing";
import { readJobEnv, type JobEnv } from "../../src/env.ts";
import { createLogger } from "../../src/log.ts";

// The data fixtures are shared with the api's tests (@trade/api/testing).
export { fundedMember, key, makeDue, stockedSku, walletAccountOf } from "@trade/api/testing";

export async function placeOrder(member: TestUser, skuId: number, quantity = 1) {
  return member.api.order.place({ items: [{ skuId, quantity }], idempotencyKey: key() });
}

/**
 * `buyers` members funded with `funds`, each placing `orders` one-unit orders of the SKU: one
 * buyer's in sequence, the buyers at once. The order ids, buyer by buyer (ascending within one).
 */
export async function ordersOfBuyers(
  app: TestApp,
  skuId: number,
  { buyers, orders, funds = "100.00" }: { buyers: number; orders: number; funds?: string },
): Promise<number[]> {
  const members = await Promise.all(Array.from({ length: buyers }, () => fundedMember(app, funds)));
  const ids = await Promise.all(
    members.map(async (buyer) => {
      const mine: number[] = [];
      for (let i = 0; i < orders; i++) mine.push((await placeOrder(buyer, skuId, 1)).id);
      return mine;
    }),
  );
  return ids.flat();
}

/** How many ORDER_RELEASE journals each of these orders has, for those with any. */
export async function releasesPerOrder(app: TestApp, orderIds: number[]): Promise<number[]> {
  const releases = await app.db.journal.groupBy({
    by: ["orderId"],
    where: { orderId: { in: orderIds }, type: "ORDER_RELEASE" },
    _count: { _all: true },
  });
  return releases.map((r) => r._count._all);
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
