import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillCurrencyAccounts, expireDueOrders } from "../src/jobs.ts";
import { createTestApp, withRedis, type TestApp, type TestUser } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";
import { holdRowLock, waitForLockWaiters } from "./support/locks.ts";

let app: TestApp;
let redis: Redis;
beforeAll(async () => {
  app = await createTestApp();
  redis = app.deps.redis as Redis;
});
afterAll(async () => {
  await app?.close();
});

/** A value no database row holds: a read that returns it was served from the cache. */
const PLANTED = "777777.77";

/**
 * Reads the member's balances once (filling the cache), then overwrites the cached value under
 * the member's current version with a planted USD balance.
 */
async function plant(user: TestUser): Promise<void> {
  await user.api.wallet.accounts();
  const version = (await redis.get(`bal:{${user.id}}:v`)) ?? "0";
  const cached = await redis.get(`bal:{${user.id}}:${version}`);
  expect(cached).not.toBeNull();
  const accounts = JSON.parse(cached ?? "[]") as { currency: string; available: string }[];
  const planted = accounts.map((a) => (a.currency === "USD" ? { ...a, available: PLANTED } : a));
  await redis.set(`bal:{${user.id}}:${version}`, JSON.stringify(planted), "EX", 60);
}

async function usdAvailable(user: TestUser): Promise<string | undefined> {
  return (await user.api.wallet.accounts()).find((a) => a.currency === "USD")?.available;
}

describe.runIf(withRedis())("the balance cache", () => {
  it("serves reads from Redis (a planted value comes back)", async () => {
    const member = await fundedMember(app, "10.00");
    await plant(member);
    expect(await usdAvailable(member)).toBe(PLANTED);
    // The merchant view of accounts goes through the same cache.
    const merchant = await app.user("MERCHANT");
    await plant(merchant);
    expect((await merchant.api.merchant.accounts()).find((a) => a.currency === "USD")?.available).toBe(PLANTED);
  });

  it("is invalidated by every writer of the member's balances", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 20, price: "2.00" });
    const buyer = await fundedMember(app, "100.00");
    const operator = await app.user("OPERATOR");

    await plant(buyer);
    await buyer.api.wallet.deposit({ currency: "USD", amount: "1.00", idempotencyKey: key() });
    expect(await usdAvailable(buyer)).toBe("101.00");

    await plant(buyer);
    await buyer.api.wallet.withdraw({ currency: "USD", amount: "1.00", idempotencyKey: key() });
    expect(await usdAvailable(buyer)).toBe("100.00");

    // A held withdrawal (at the approval threshold), then the operator's decision.
    await buyer.api.wallet.deposit({ currency: "USD", amount: "1000.00", idempotencyKey: key() });
    await plant(buyer);
    const big = await buyer.api.wallet.withdraw({ currency: "USD", amount: "1000.00", idempotencyKey: key() });
    expect(big.status).toBe("PENDING");
    expect(await usdAvailable(buyer)).toBe("100.00");
    await plant(buyer);
    await operator.api.ops.withdrawals.reject({ withdrawalId: big.id, reason: "test" });
    expect(await usdAvailable(buyer)).toBe("1100.00");

    await plant(buyer);
    const toPay = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    expect(await usdAvailable(buyer)).toBe("1098.00");

    // Pay moves the buyer's hold AND credits the merchant: both caches are invalidated.
    await plant(buyer);
    await plant(merchant);
    await buyer.api.order.pay({ orderId: toPay.id });
    expect(await usdAvailable(buyer)).toBe("1098.00");
    expect(await usdAvailable(merchant)).toBe("2.00");

    const toCancel = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await plant(buyer);
    await buyer.api.order.cancel({ orderId: toCancel.id });
    expect(await usdAvailable(buyer)).toBe("1098.00");

    const toExpire = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await app.db.$executeRaw`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ${toExpire.id}`;
    await plant(buyer);
    expect((await expireDueOrders(app.deps)).expired).toBe(1);
    expect(await usdAvailable(buyer)).toBe("1098.00");
    await app.assertInvariants();
  });

  // Writes the buyer did not make in this request (the job's expiry; a cancel from another tab
  // while this one reads): a read between the retirement and the commit must not leave the old
  // balances cached, so both retire them before and after the commit.
  it.each<[string, (buyer: TestUser, orderId: number) => Promise<void>]>([
    [
      "an expiry",
      async (_buyer, orderId) => {
        await app.db.$executeRaw`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ${orderId}`;
        expect((await expireDueOrders(app.deps)).expired).toBe(1);
      },
    ],
    [
      "a cancel",
      async (buyer, orderId) => {
        expect((await buyer.api.order.cancel({ orderId })).status).toBe("CANCELLED");
      },
    ],
  ])(
    "%s retires the cached balances before it commits, so the buyer's page never re-reads the old ones",
    async (_, close) => {
      const { sku } = await stockedSku(app, { stock: 5, price: "3.00" });
      const buyer = await fundedMember(app, "10.00");
      const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      await plant(buyer);
      const version = Number((await redis.get(`bal:{${buyer.id}}:v`)) ?? "0");
      // The close waits on the SKU row, after it claimed the order: its transaction is open.
      const lock = await holdRowLock(app.db, "skus", sku.id);
      const closing = close(buyer, order.id);
      await waitForLockWaiters(app.db, 1);
      expect(Number(await redis.get(`bal:{${buyer.id}}:v`))).toBeGreaterThan(version);
      // Not committed yet: a read now sees the hold (from the database, not the planted value).
      expect(await usdAvailable(buyer)).toBe("7.00");
      await lock.release();
      await closing;
      // The read during the transaction cached the old balance under the new version: the bump
      // after the commit retires that one too.
      expect(await usdAvailable(buyer)).toBe("10.00");
      await app.assertInvariants();
    },
  );

  it("is invalidated by the currency backfill (a new currency's account shows at once)", async () => {
    const member = await fundedMember(app, "5.00");
    const operator = await app.user("OPERATOR");
    await operator.api.ops.currencies.create({ code: "XBC", name: "Backfill currency", scale: 2 });
    await plant(member);
    expect((await member.api.wallet.accounts()).map((a) => a.currency)).not.toContain("XBC");
    await backfillCurrencyAccounts(app.db, { redis: app.deps.redis });
    expect((await member.api.wallet.accounts()).map((a) => a.currency)).toContain("XBC");
  });

  it("a version it cannot read is no cache key: the read goes to the database and stores nothing", async () => {
    const member = await fundedMember(app, "3.00");
    const versionKey = `bal:{${member.id}}:v`;
    // A GET of a hash fails (WRONGTYPE) while Redis itself answers: the way a read that fails
    // between two that work looks. Without a version, a value stored or read under "null" would
    // be served after the member's next write, since no bump ever retires it.
    const nullKey = `bal:{${member.id}}:null`;
    await redis.del(versionKey);
    await redis.hset(versionKey, "broken", "1");
    await redis.set(nullKey, JSON.stringify([{ currency: "USD", available: PLANTED }]), "EX", 60);
    try {
      expect(await usdAvailable(member)).toBe("3.00");
      await redis.del(nullKey);
      expect(await usdAvailable(member)).toBe("3.00");
      expect(await redis.exists(nullKey)).toBe(0);
    } finally {
      await redis.del(versionKey, nullKey);
    }
  });
});
