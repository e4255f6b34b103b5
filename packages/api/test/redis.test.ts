import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEnv } from "../src/env.ts";
import { createLimiters, limiterSettingsFromEnv } from "../src/infra/rate-limit.ts";
import { createRedis } from "../src/infra/redis.ts";
import { createCaller } from "../src/root.ts";
import { createContext } from "../src/trpc.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { key, stockedSku } from "./support/fixtures.ts";

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
    const deps = {
      ...app.deps,
      redis: deadRedis,
      limiters: createLimiters(deadRedis, limiterSettingsFromEnv(apiEnv())),
    };
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
  // That the cache is really used, and invalidated by every writer: balance-cache.test.ts.
});
