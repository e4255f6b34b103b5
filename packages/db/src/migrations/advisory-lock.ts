import pg from "pg";
import { pgConfigFromUrl } from "./pg-config.ts";

/**
 * Key of the session-level advisory lock that serialises our migration runs. The engine also takes
 * Prisma's own lock (72707369) on one of its pool connections, but gives up after 10 s, so a
 * second deployer would fail while the first runs a long migration; ours waits (bounded by
 * `timeoutMs`). It is deliberately a different key: waiting for 72707369 on our separate
 * connection while our own engine holds it would deadlock. ASCII "trademig" as a 64-bit integer.
 */
export const MIGRATION_LOCK_KEY = 0x74726164656d6967n;

export interface AdvisoryLockOptions {
  /** Give up waiting for another migrator after this long (0 = wait forever). */
  timeoutMs?: number;
}

/**
 * Holds pg_advisory_lock on a dedicated connection (not a pool: a session lock belongs to one
 * backend, and a pool could hand the unlock to another one) while `fn` runs. Advisory locks are
 * per database, so this serialises migrators of the same database only. If the process dies the
 * session ends and PostgreSQL releases the lock by itself.
 */
export async function withAdvisoryLock<T>(
  databaseUrl: string,
  fn: () => Promise<T>,
  options: AdvisoryLockOptions = {},
): Promise<T> {
  const client = new pg.Client({ ...pgConfigFromUrl(databaseUrl), application_name: "trade-migrate-lock" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    // lock_timeout bounds the wait for the advisory lock too, with a clear SQLSTATE 55P03.
    const timeoutMs = Math.max(0, Math.trunc(options.timeoutMs ?? 300_000));
    await client.query(`SET lock_timeout = ${timeoutMs}`);
    await client
      .query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY.toString()])
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== "55P03") throw error;
        throw new Error(`Gave up after ${timeoutMs} ms waiting for another migration run on this database to finish`, {
          cause: error,
        });
      });
    try {
      return await fn();
    } finally {
      await client
        .query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY.toString()])
        .catch(() => undefined);
    }
  } finally {
    // Ending the session releases the lock even if the unlock above failed.
    await client.end().catch(() => undefined);
  }
}
