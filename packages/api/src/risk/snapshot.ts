import type { DbTx } from "@trade/db";
import type { RedisClient } from "../infra/redis.ts";
import type { Deps } from "../infra/deps.ts";
import { isCluster, tryRedis } from "../infra/redis.ts";
import { elapsedMs, type BatchControl } from "../ops/batch-control.ts";

/** The original design's Redis layout: hash `member:<id>`, field = day, value = that day's JSON. */
export const snapshotKey = (userId: number): string => `member:${userId}`;

/** Snapshot days are UTC calendar days, `YYYY-MM-DD`. */
export function snapshotDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

export interface SnapshotBatch {
  day: string;
  /** Users in this batch that had no snapshot for the day. */
  members: number;
  /** Rows written to balance_snapshots (less than `members` only if another writer raced us). */
  inserted: number;
  redisWritten: number;
  afterUserId: number;
  lastUserId: number;
  sqlMs: number;
  redisMs: number;
  ms: number;
}

export interface SnapshotResult {
  day: string;
  members: number;
  inserted: number;
  redisWritten: number;
  /** Rows stored in PostgreSQL but not in Redis (absent or failing): see pushSnapshotsToRedis. */
  redisMissed: number;
  batches: number;
  complete: boolean;
  ms: number;
}

export interface SnapshotOptions extends BatchControl<SnapshotBatch> {
  day?: string;
  batchSize?: number;
}

/**
 * Daily balance snapshot: for every non-SYSTEM user (members and merchants alike) that has no
 * snapshot for `day` yet, the total (available + frozen) of each wallet by lower-case currency
 * code, as decimal strings with the currency's scale: {"usd":"100.00","cny":"0.00","jpy":"500"}.
 *
 * Each batch is ONE set-based statement over a range of user ids (pick the users without a row for
 * the day, aggregate their accounts, INSERT ... ON CONFLICT DO NOTHING) whose rows are then HSET
 * into Redis in one pipeline. Reading the accounts in a single statement gives a consistent
 * per-user picture. Idempotent per day and resumable: a re-run only touches users still missing (new members
 * included), and a day's first snapshot is never overwritten. Without Redis only PostgreSQL gets
 * the snapshot; `redisMissed` says how many rows still need pushSnapshotsToRedis.
 */
export async function snapshotBalances({ db, redis }: Deps, options: SnapshotOptions = {}): Promise<SnapshotResult> {
  const day = checkDay(options.day ?? snapshotDay());
  const batchSize = Math.max(1, options.batchSize ?? 5_000);
  const startedAt = performance.now();
  const order = await currencyOrder(db);
  const result: SnapshotResult = {
    day,
    members: 0,
    inserted: 0,
    redisWritten: 0,
    redisMissed: 0,
    batches: 0,
    complete: true,
    ms: 0,
  };

  // Batches are ranges of user ids (after, after + batchSize]: each statement stays bounded
  // (cheap to plan, no JIT) and a re-run over a complete day is a quick walk over the ranges.
  const maxId = (await db.user.aggregate({ _max: { id: true } }))._max.id ?? 0;
  for (let after = 0; after < maxId; after += batchSize) {
    if (options.signal?.aborted) {
      result.complete = false;
      break;
    }
    const batchStartedAt = performance.now();
    const rows = await db.$queryRaw<
      { last_id: number | null; members: bigint; user_id: number | null; balances: string | null }[]
    >`
      WITH batch AS MATERIALIZED (
        -- The LIMIT 1 probes keep both lookups on the primary keys (one index probe per user):
        -- a merge anti-join would read every day's snapshots, and a hash join every account.
        SELECT u.id FROM users u
          LEFT JOIN LATERAL (SELECT 1 AS done FROM balance_snapshots s WHERE s.user_id = u.id AND s.day = ${day}::date LIMIT 1) snap ON true
         WHERE u.id > ${after} AND u.id <= ${after + batchSize} AND u.role <> 'SYSTEM' AND snap.done IS NULL
      ), computed AS (
        SELECT b.id AS user_id, coalesce(agg.balances, '{}'::jsonb) AS balances
          FROM batch b
          LEFT JOIN LATERAL (
            SELECT jsonb_object_agg(lower(c.code), round(a.balance + a.frozen, c.scale)::text) AS balances
              FROM accounts a JOIN currencies c ON c.code = a.currency
             WHERE a.user_id = b.id AND a.kind = 'WALLET'
          ) agg ON true
      ), inserted AS (
        INSERT INTO balance_snapshots (user_id, day, balances)
        SELECT user_id, ${day}::date, balances FROM computed
        ON CONFLICT (user_id, day) DO NOTHING
        RETURNING user_id, balances
      ), meta AS (
        SELECT max(id) AS last_id, count(*) AS members FROM batch
      )
      SELECT m.last_id, m.members, i.user_id, i.balances::text AS balances
        FROM meta m LEFT JOIN inserted i ON true`;
    const meta = rows[0];
    const members = Number(meta?.members ?? 0);
    if (!meta || members === 0 || meta.last_id == null) continue;
    const sqlMs = elapsedMs(batchStartedAt);

    const written = rows.filter(
      (r): r is typeof r & { user_id: number; balances: string } => r.user_id !== null && r.balances !== null,
    );
    const redisStartedAt = performance.now();
    const redisWritten = await hsetSnapshots(
      redis,
      day,
      written.map((r) => [r.user_id, renderSnapshot(JSON.parse(r.balances) as Record<string, string>, order)]),
    );

    result.batches++;
    result.members += members;
    result.inserted += written.length;
    result.redisWritten += redisWritten;
    result.redisMissed += written.length - redisWritten;
    await options.onBatch?.({
      day,
      members,
      inserted: written.length,
      redisWritten,
      afterUserId: after,
      lastUserId: meta.last_id,
      sqlMs,
      redisMs: elapsedMs(redisStartedAt),
      ms: elapsedMs(batchStartedAt),
    });
  }
  result.ms = elapsedMs(startedAt);
  return result;
}

/**
 * Copies a day's snapshots from PostgreSQL into Redis (after Redis was down during the snapshot,
 * or was flushed). Same key, field and JSON as snapshotBalances. Returns the fields written.
 */
export async function pushSnapshotsToRedis(
  { db, redis }: Deps,
  options: { day: string; batchSize?: number; signal?: AbortSignal },
): Promise<number> {
  const day = checkDay(options.day);
  const batchSize = Math.max(1, options.batchSize ?? 5_000);
  if (!redis) return 0;
  const order = await currencyOrder(db);
  const maxId = (await db.user.aggregate({ _max: { id: true } }))._max.id ?? 0;
  let written = 0;
  for (let after = 0; after < maxId && !options.signal?.aborted; after += batchSize) {
    const rows = await db.$queryRaw<{ user_id: number; balances: string }[]>`
      SELECT u.id AS user_id, s.balances::text AS balances
        FROM users u
        JOIN LATERAL (SELECT balances FROM balance_snapshots s WHERE s.user_id = u.id AND s.day = ${day}::date LIMIT 1) s ON true
       WHERE u.id > ${after} AND u.id <= ${after + batchSize}`;
    const count = await hsetSnapshots(
      redis,
      day,
      rows.map((r) => [r.user_id, renderSnapshot(JSON.parse(r.balances) as Record<string, string>, order)]),
    );
    if (count < rows.length) throw new Error(`Redis refused ${rows.length - count} snapshot fields for ${day}`);
    written += count;
  }
  return written;
}

/** Compact JSON with the currencies in a stable order (creation order, as the platform lists them). */
export function renderSnapshot(balances: Record<string, string>, order: string[]): string {
  const out: Record<string, string> = {};
  for (const code of order) {
    const value = balances[code];
    if (value !== undefined) out[code] = value;
  }
  for (const code of Object.keys(balances).sort()) {
    const value = balances[code];
    if (!(code in out) && value !== undefined) out[code] = value;
  }
  return JSON.stringify(out);
}

/** One pipeline per batch; returns how many HSETs Redis accepted (0 if Redis is absent or down). */
async function hsetSnapshots(redis: RedisClient | null, day: string, entries: [number, string][]): Promise<number> {
  if (entries.length === 0) return 0;
  return tryRedis(redis, 0, async (r) => {
    if (isCluster(r)) {
      // The key must stay exactly `member:<id>` (no hash tag), so a batch spans every slot: one
      // HSET each, which the cluster client's auto-pipelining groups into one pipeline per node.
      const settled = await Promise.allSettled(entries.map(([userId, json]) => r.hset(snapshotKey(userId), day, json)));
      return settled.filter((result) => result.status === "fulfilled").length;
    }
    const pipeline = r.pipeline();
    for (const [userId, json] of entries) pipeline.hset(snapshotKey(userId), day, json);
    const results = (await pipeline.exec()) ?? [];
    return results.filter(([error]) => !error).length;
  });
}

async function currencyOrder(db: DbTx): Promise<string[]> {
  const currencies = await db.currency.findMany({
    orderBy: [{ createdAt: "asc" }, { code: "asc" }],
    select: { code: true },
  });
  return currencies.map((c) => c.code.toLowerCase());
}

function checkDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw new Error(`snapshot day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return day;
}
