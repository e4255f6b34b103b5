import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLimiters } from "../src/infra/rate-limit.ts";
import { createRedis } from "../src/infra/redis.ts";
import { createCaller } from "../src/root.ts";
import { createContext } from "../src/trpc.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { listAccounts } from "../src/wallet/queries.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("Redis is an accelerator, never required", () => {
  it("with Redis unreachable, buying and balances still work from PostgreSQL", async () => {
    const deadRedis = createRedis("redis://127.0.0.1:1", () => undefined);
    const deps = { ...app.deps, redis: deadRedis, limiters: createLimiters(deadRedis) };
    const { sku } = await stockedSku(app, { stock: 5, price: "2.00" });
    const member = await app.user("MEMBER");
    const api = createCaller(() =>
      createContext({
        deps,
        headers: new Headers({ "content-type": "application/json" }),
        sessionUserId: async () => member.id,
      }),
    );
    await api.wallet.deposit({ currency: "USD", amount: "10.00", idempotencyKey: key() });
    const order = await api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await api.order.pay({ orderId: order.id });
    expect((await api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "8.00",
      frozen: "0.00",
    });
    deadRedis?.disconnect();
    await app.assertInvariants();
  });

  it.skipIf(!process.env.REDIS_URL)(
    "caches balances and never serves a stale one after the member's own write",
    async () => {
      const member = await fundedMember(app, "10.00");
      const first = await member.api.wallet.accounts();
      // A stale value planted under the current version is served (proves the cache is used)...
      const redis = app.deps.redis as Redis;
      const version = (await redis.get(`bal:{${member.id}}:v`)) ?? "0";
      const cached = JSON.parse((await redis.get(`bal:{${member.id}}:${version}`)) ?? "[]") as {
        currency: string;
        available: string;
      }[];
      expect(cached.find((a) => a.currency === "USD")?.available).toBe("10.00");
      expect(await listAccounts(app.deps, member.id)).toEqual(first);
      // ...and the member's own write bumps the version, so the next read is fresh.
      await member.api.wallet.deposit({ currency: "USD", amount: "5.00", idempotencyKey: key() });
      expect((await member.api.wallet.accounts()).find((a) => a.currency === "USD")?.available).toBe("15.00");
    },
  );
});
