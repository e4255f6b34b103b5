import { createHash } from "node:crypto";
import pg from "pg";

/**
 * A session-level advisory lock held on a dedicated connection for as long as a singleton task
 * runs. pg_try_advisory_lock never waits: an instance that does not get it skips the run. The
 * lock belongs to this one backend, so it is released by unlock + disconnect at the end, and by
 * PostgreSQL itself when the session ends because the process died or the network went away.
 * If the lock's connection is lost while the task runs, `lost` aborts so the task stops at its
 * next batch boundary (another instance may already have taken over).
 */
export interface HeldLock {
  readonly name: string;
  /** Aborted when the lock's connection drops. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** A stable 64-bit key per task name (advisory locks are per database). */
export function lockKey(name: string): bigint {
  return createHash("sha256").update(`trade-job:${name}`).digest().readBigInt64BE(0);
}

export async function tryAdvisoryLock(databaseUrl: string, name: string): Promise<HeldLock | null> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: `trade-job-lock:${name}`,
    keepAlive: true,
    connectionTimeoutMillis: 5_000,
  });
  const lost = new AbortController();
  client.on("error", (error) => lost.abort(error));
  client.on("end", () => lost.abort(new Error("lock connection ended")));
  await client.connect();
  const key = lockKey(name).toString();
  let acquired = false;
  try {
    const result = await client.query<{ acquired: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS acquired", [
      key,
    ]);
    acquired = result.rows[0]?.acquired === true;
  } finally {
    if (!acquired) await client.end().catch(() => undefined);
  }
  if (!acquired) return null;
  let released = false;
  return {
    name,
    lost: lost.signal,
    async release() {
      if (released) return;
      released = true;
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
      // Ending the session releases the lock even if the unlock above failed.
      await client.end().catch(() => undefined);
    },
  };
}

/** Tries for up to `waitMs` (one-shot runs wait for another instance to finish). */
export async function acquireAdvisoryLock(
  databaseUrl: string,
  name: string,
  waitMs: number,
  signal?: AbortSignal,
): Promise<HeldLock | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = await tryAdvisoryLock(databaseUrl, name);
    if (lock || Date.now() >= deadline || signal?.aborted) return lock;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
