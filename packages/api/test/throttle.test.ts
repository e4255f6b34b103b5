import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLimiters, type LimiterSettings } from "../src/infra/rate-limit.ts";
import { createRedis } from "../src/infra/redis.ts";
import { createCaller } from "../src/root.ts";
import { createContext, type AppDeps } from "../src/trpc.ts";
import { createTestApp, withRedis, type TestApp } from "../src/testing/index.ts";
import { codeOf, key } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
const deadRedis: NonNullable<ReturnType<typeof createRedis>>[] = [];
afterAll(async () => {
  for (const r of deadRedis) r.disconnect();
  await app?.close();
});

/** A Redis client pointed at a closed port: every command fails, as during an outage. */
function downRedis() {
  const redis = createRedis("redis://127.0.0.1:1", () => {});
  if (redis) deadRedis.push(redis);
  return redis;
}

const PASSWORD = "correct-horse-battery"; // what createTestApp gives every test user
const settings: LimiterSettings = {
  loginMaxAttemptsPerIp: 1000,
  loginMaxFailuresPerEmailIp: 10,
  loginMaxFailuresPerEmail: 12,
  loginSlowdownSeconds: 60,
  registerMaxPerIpHour: 5,
};

/** A caller whose requests come from `ip` (through the test app's trusted local proxy). */
function callerAt(deps: AppDeps, ip: string) {
  return createCaller(() =>
    createContext({
      deps,
      headers: new Headers({ "content-type": "application/json", "x-forwarded-for": ip }),
      remoteAddress: "127.0.0.1",
      sessionUserId: async () => null,
    }),
  );
}

async function outcomes(calls: Promise<unknown>[]): Promise<Record<string, number>> {
  const codes = await Promise.all(calls.map((c) => codeOf(c)));
  return codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
}

/** One limiter set per test, with its own (Redis or memory) counters. */
function depsWith(redis = app.deps.redis, overrides: Partial<LimiterSettings> = {}): AppDeps {
  return { ...app.deps, redis, limiters: createLimiters(redis, { ...settings, ...overrides }) };
}

describe.each([
  // Without a Redis this case is skipped (and counted), never run against the fallback under
  // the wrong name; in CI a missing Redis is an error (withRedis).
  ["with Redis (one count for every process)", () => app.deps.redis, withRedis()] as const,
  ["with Redis down (each process's in-memory insurance limiter)", downRedis, true] as const,
])("login throttling %s", (_label, redisOf, enabled) => {
  it.runIf(enabled)("a burst of wrong passwords gets exactly the limit's guesses, not dozens", async () => {
    const deps = depsWith(redisOf());
    const victim = await app.user("MEMBER");
    const api = callerAt(deps, "198.51.100.20");
    const burst = Array.from({ length: 40 }, (_, i) =>
      api.auth.issueToken({ email: victim.email, password: `wrong-${i}-guess` }),
    );
    expect(await outcomes(burst)).toEqual({ INVALID_CREDENTIALS: 10, RATE_LIMITED: 30 });
    // Only the 10 admitted guesses reached the password check (each is recorded).
    expect(await app.db.loginEvent.count({ where: { email: victim.email } })).toBe(10);
  });

  it.runIf(enabled)("registration is limited per client address, and another address is not affected", async () => {
    const deps = depsWith(redisOf());
    const register = (ip: string) =>
      callerAt(deps, ip).auth.register({ email: `reg-${key()}@test.trade`, password: "a long passphrase", name: "R" });
    expect(await outcomes(Array.from({ length: 8 }, () => register("198.51.100.30")))).toEqual({
      RESOLVED: 5,
      RATE_LIMITED: 3,
    });
    expect(await codeOf(register("198.51.100.31"))).toBe("RESOLVED");
  });
});

describe("the owner is never locked out", () => {
  it("a distributed attack slows each address down, and the owner still signs in from a new one", async () => {
    const deps = depsWith();
    const owner = await app.user("MEMBER");
    // 12 failures from 3 addresses fill the account's ceiling...
    for (const ip of ["203.0.113.1", "203.0.113.2", "203.0.113.3"])
      await outcomes(
        Array.from({ length: 4 }, () =>
          callerAt(deps, ip).auth.issueToken({ email: owner.email, password: "guess-guess" }),
        ),
      );
    // ...so from now on each address gets one attempt per slow-down period, not ten.
    const attacker = callerAt(deps, "203.0.113.4");
    expect(await codeOf(attacker.auth.issueToken({ email: owner.email, password: "guess-guess" }))).toBe(
      "INVALID_CREDENTIALS",
    );
    const refused = await attacker.auth
      .issueToken({ email: owner.email, password: "guess-guess" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    const cause = (refused as TRPCError).cause as { code?: string; details?: { retryAfterSeconds?: number } };
    expect(cause.code).toBe("RATE_LIMITED");
    expect(cause.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(cause.details?.retryAfterSeconds).toBeLessThanOrEqual(settings.loginSlowdownSeconds);
    // The owner, with the right password, from an address the attacker has not used: in at once.
    const token = await callerAt(deps, "192.0.2.77").auth.issueToken({ email: owner.email, password: PASSWORD });
    expect(token.token).toMatch(/^trd_/);
  });

  it("a bounded delay: after the slow-down period the same address may try again", async () => {
    const deps = depsWith(app.deps.redis, { loginMaxFailuresPerEmail: 2, loginSlowdownSeconds: 1 });
    const owner = await app.user("MEMBER");
    const home = callerAt(deps, "192.0.2.88");
    await outcomes(
      [1, 2, 3].map(() => callerAt(deps, "203.0.113.9").auth.issueToken({ email: owner.email, password: "nope-nope" })),
    );
    expect(await codeOf(home.auth.issueToken({ email: owner.email, password: "typo-typo" }))).toBe(
      "INVALID_CREDENTIALS",
    );
    expect(await codeOf(home.auth.issueToken({ email: owner.email, password: PASSWORD }))).toBe("RATE_LIMITED");
    await new Promise((r) => setTimeout(r, 1100));
    expect(await codeOf(home.auth.issueToken({ email: owner.email, password: PASSWORD }))).toBe("RESOLVED");
  });
});
