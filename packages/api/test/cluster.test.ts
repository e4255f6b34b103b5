import { createDb } from "@trade/db";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEnv } from "../src/env.ts";
import { createLimiters, limiterSettingsFromEnv } from "../src/infra/rate-limit.ts";
import { createRedis } from "../src/infra/redis.ts";
import { snapshotBalances } from "../src/risk/snapshot.ts";
import { createCaller } from "../src/root.ts";
import { createContext } from "../src/trpc.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { invalidateBalances } from "../src/wallet/balance-cache.ts";
import { codeOf, fundedMember, key } from "./support/fixtures.ts";
import { hasRedisServer, startTestRedisCluster, type TestRedisCluster } from "./support/redis-cluster.ts";

// What the clustered deployment (docs/scaling.md) needs from the API: Redis Cluster with
// slot-safe multi-key commands, and a PostgreSQL failover answered as a retryable 503.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe("a PostgreSQL failover, as the API answers it", () => {
  it("answers DATABASE_UNAVAILABLE (503) when the primary is gone, and the retry with the same key moves money once", async () => {
    const member = await fundedMember(app, "10.00");
    const gone = createDb({ url: "postgresql://postgres@127.0.0.1:1/gone", DB_CONNECT_TIMEOUT_MS: 500 });
    const during = createCaller(() =>
      createContext({
        deps: { ...app.deps, db: gone },
        headers: new Headers({ "content-type": "application/json" }),
        sessionUserId: async () => member.id,
      }),
    );
    const intent = key();
    expect(await codeOf(during.wallet.deposit({ currency: "USD", amount: "5.00", idempotencyKey: intent }))).toBe(
      "DATABASE_UNAVAILABLE",
    );
    await gone.$disconnect();
    const first = await member.api.wallet.deposit({ currency: "USD", amount: "5.00", idempotencyKey: intent });
    const retry = await member.api.wallet.deposit({ currency: "USD", amount: "5.00", idempotencyKey: intent });
    expect(retry.id).toBe(first.id);
    expect((await member.api.wallet.accounts()).find((a) => a.currency === "USD")?.available).toBe("15.00");
    await app.assertInvariants();
  });
});

describe.skipIf(!hasRedisServer())("Redis Cluster", () => {
  let cluster: TestRedisCluster;
  let redis: Cluster;
  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    const client = createRedis({ clusterNodes: cluster.nodes }, () => undefined);
    if (!client) throw new Error("no cluster client");
    redis = client as Cluster;
    await new Promise<void>((resolve, reject) => {
      redis.once("ready", () => resolve());
      setTimeout(() => reject(new Error("cluster client not ready")), 10_000).unref();
    });
  });
  afterAll(() => {
    redis?.disconnect();
    cluster?.stop();
  });

  it("bumps the balance-cache versions of members on every slot in one call", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => 900_000 + i);
    await invalidateBalances(redis, ids);
    const versions = await Promise.all(ids.map((id) => redis.get(`bal:{${id}}:v`)));
    expect(versions).toEqual(ids.map(() => "1"));
    // The members' keys really are spread over the masters (a single pipeline would have refused them).
    const slots = await Promise.all(ids.map((id) => redis.cluster("KEYSLOT", `bal:{${id}}:v`)));
    const masters = new Set(slots.map((slot) => redis.slots[slot]?.[0]));
    expect(masters.size).toBe(3);
  });

  it("writes the daily snapshot under exactly member:<id>, field YYYY-MM-DD, across slots", async () => {
    const members = await Promise.all([1, 2, 3, 4, 5, 6].map(() => fundedMember(app, "3.00")));
    const day = "2031-01-02";
    const result = await snapshotBalances({ db: app.db, redis: redis }, { day });
    expect(result.redisMissed).toBe(0);
    for (const member of members) {
      const json = await redis.hget(`member:${member.id}`, day);
      expect(JSON.parse(json ?? "{}")).toMatchObject({ usd: "3.00" });
    }
  });

  it("serves rate limits from the cluster", async () => {
    const limiters = createLimiters(redis, limiterSettingsFromEnv(apiEnv()));
    const ip = `10.9.${Math.floor(Math.random() * 250)}.1`;
    const before = await redis.keys("*");
    await limiters.registerByIp.consume(ip);
    const after = await redis.get(`rl:register-ip:${ip}`);
    expect(Number(after)).toBe(1);
    expect(before).not.toContain(`rl:register-ip:${ip}`);
  });
});
