import { createDb, type Db } from "@trade/db";
import { apiEnv } from "../../src/env.ts";
import { createLimiters, limiterSettingsFromEnv } from "../../src/infra/rate-limit.ts";
import { configureTx } from "../../src/infra/tx.ts";
import { createCaller } from "../../src/root.ts";
import { createContext, type AppDeps } from "../../src/trpc.ts";
import type { TestApp } from "../../src/testing/index.ts";

type LockedTable = "accounts" | "skus" | "products" | "orders";

/**
 * A raw transaction that holds one row lock (FOR NO KEY UPDATE, what the services take) until
 * `release()`: the way to make a service call wait exactly where a lock-order mistake would show.
 */
export async function holdRowLock(db: Db, table: LockedTable, id: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = db.$transaction(
    async (tx) => {
      await tx.$queryRawUnsafe(`SELECT id FROM ${table} WHERE id = $1 FOR NO KEY UPDATE`, id);
      locked();
      await released;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  await Promise.race([isLocked, done]);
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

/** True when another transaction holds a row lock on the row (SKIP LOCKED then skips it). */
export async function rowIsLocked(db: Db, table: LockedTable, id: number): Promise<boolean> {
  const rows = await db.$transaction((tx) =>
    tx.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM ${table} WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED`, id),
  );
  return rows.length === 0;
}

/** Waits until `count` sessions of this database wait on a lock (the call under test is blocked). */
export async function waitForLockWaiters(db: Db, count = 1, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (Number(row?.n ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} lock waiter(s)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** pg_stat_database.deadlocks of the test's own database (every test file has its own). */
export async function deadlocks(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ deadlocks: bigint }[]>`
    SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`;
  return Number(row?.deadlocks ?? 0);
}

/**
 * Runs `work` with its own database pool and closes it afterwards: a backend flushes its
 * statistics (deadlocks among them) when it exits, so pg_stat_database is exact after the close
 * instead of up to seconds late. `callerFor` builds router callers on that pool.
 */
export async function withOwnPool<T>(
  app: TestApp,
  options: { poolSize?: number; lockTimeoutMs?: number },
  work: (callerFor: (userId: number) => ReturnType<typeof createCaller>, deps: AppDeps) => Promise<T>,
): Promise<T> {
  const db = createDb({
    url: app.url,
    DB_POOL_SIZE: options.poolSize ?? 20,
    DB_LOCK_TIMEOUT_MS: options.lockTimeoutMs ?? 10_000,
    applicationName: "trade-test-own-pool",
  });
  // The same retry budget as the app's own client.
  configureTx(db, { attempts: app.deps.policy.txMaxAttempts });
  const deps: AppDeps = { ...app.deps, db, limiters: createLimiters(app.deps.redis, limiterSettingsFromEnv(apiEnv())) };
  const callerFor = (userId: number) =>
    createCaller(() =>
      createContext({
        deps,
        headers: new Headers({ "content-type": "application/json" }),
        sessionUserId: async () => userId,
      }),
    );
  try {
    return await work(callerFor, deps);
  } finally {
    await db.$disconnect();
    // The closed backends exit asynchronously; wait until none of this pool is left.
    for (let i = 0; i < 100; i++) {
      const [row] = await app.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'trade-test-own-pool'`;
      if (Number(row?.n ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
