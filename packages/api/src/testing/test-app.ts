import { randomUUID } from "node:crypto";
import { createDb, type Db, type Role } from "@trade/db";
import { createTestDatabase, type TestDatabase } from "@trade/db/testing";
import { Redis } from "ioredis";
import { apiEnv } from "../env.ts";
import { compileTrustedProxies } from "../infra/client-ip.ts";
import { createLimiters } from "../infra/rate-limit.ts";
import { policyFromEnv, type Policy } from "../policy.ts";
import { hashPassword } from "../member/password.ts";
import { bootstrapPlatform } from "../ops/bootstrap.ts";
import { createCaller } from "../root.ts";
import { createContext, type AppDeps } from "../trpc.ts";
import { ensureWalletAccounts } from "../wallet/accounts.ts";
import { checkInvariants } from "../risk/invariants.ts";
import { localInventory, type Inventory } from "../inventory/port.ts";

export interface TestUser {
  id: number;
  email: string;
  role: Role;
  /** A router caller acting as this user (session auth). */
  api: ReturnType<typeof createCaller>;
}

export interface TestApp {
  db: Db;
  deps: AppDeps;
  url: string;
  /** A router caller with no session. */
  anon: ReturnType<typeof createCaller>;
  user(role?: Role, name?: string): Promise<TestUser>;
  callerFor(userId: number | null, headers?: Record<string, string>): Promise<ReturnType<typeof createCaller>>;
  /** Throws listing every violated invariant of the books. */
  assertInvariants(): Promise<void>;
  close(): Promise<void>;
}

let sharedHash: Promise<string> | undefined;

/**
 * A real, freshly migrated PostgreSQL database (and the real Redis when REDIS_URL is set, under
 * a key prefix of this database) with the platform bootstrapped, plus router callers.
 * `database`: one the caller prepared instead (e.g. migrated only up to an older release);
 * close() drops it all the same.
 */
export async function createTestApp(
  options: { poolSize?: number; policy?: Partial<Policy>; database?: TestDatabase; inventory?: Inventory } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const db = createDb({ url: database.url, DB_POOL_SIZE: options.poolSize ?? 40, DB_LOCK_TIMEOUT_MS: 10_000 });
  const redis = process.env.REDIS_URL
    ? new Redis(process.env.REDIS_URL, {
        keyPrefix: `${database.name}:`,
        enableOfflineQueue: true,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      })
    : null;
  if (redis) await redis.ping();
  const deps: AppDeps = {
    db,
    redis,
    limiters: createLimiters(redis),
    allowedOrigins: ["http://localhost:3000"],
    policy: { ...policyFromEnv(apiEnv()), ...options.policy },
    // Callers stand behind a local proxy (peer 127.0.0.1, trusted), so a test picks a client
    // address by sending X-Forwarded-For, as the real proxy would.
    trustProxy: compileTrustedProxies("127.0.0.1/32"),
    inventory: options.inventory ?? localInventory,
  };
  await bootstrapPlatform(db);
  sharedHash ??= hashPassword("correct-horse-battery");

  // A fresh context per call, as over HTTP: a freeze or role change applies to the next call.
  const callerFor = async (userId: number | null, headers: Record<string, string> = {}) =>
    createCaller(() =>
      createContext({
        deps,
        headers: new Headers({ "content-type": "application/json", ...headers }),
        remoteAddress: "127.0.0.1",
        sessionUserId: async () => userId,
      }),
    );

  let counter = 0;
  const app: TestApp = {
    db,
    deps,
    url: database.url,
    anon: await callerFor(null),
    callerFor,
    async user(role = "MEMBER", name) {
      counter++;
      const email = `${role.toLowerCase()}-${counter}-${randomUUID().slice(0, 8)}@test.trade`;
      const user = await db.user.create({
        data: { email, name: name ?? `${role} ${counter}`, role, passwordHash: await sharedHash! },
        select: { id: true },
      });
      await ensureWalletAccounts(db, [user.id]);
      return { id: user.id, email, role, api: await callerFor(user.id) };
    },
    async assertInvariants() {
      const violations = await checkInvariants(db);
      if (violations.length > 0)
        throw new Error(
          `invariants violated:\n${violations.map((v) => `${v.check} ${v.subject}: expected ${v.expected}, got ${v.actual}`).join("\n")}`,
        );
    },
    async close() {
      await db.$disconnect();
      redis?.disconnect();
      await database.drop();
    },
  };
  return app;
}
