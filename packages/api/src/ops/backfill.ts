import type { Db, DbTx } from "@trade/db";
import type { RedisClient } from "../infra/redis.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { elapsedMs, type BatchControl } from "./batch-control.ts";

export interface BackfillBatch {
  currency: string;
  /** Users examined in this batch (ids in (afterUserId, lastUserId]). */
  users: number;
  created: number;
  afterUserId: number;
  lastUserId: number;
  ms: number;
}

export interface BackfillResult {
  /** Active currencies some user had no account in when the run started. */
  currencies: string[];
  batches: number;
  usersScanned: number;
  accountsCreated: number;
  /** False when stopped by the signal before every currency was done. */
  complete: boolean;
  ms: number;
}

export interface BackfillOptions extends BatchControl<BackfillBatch> {
  batchSize?: number;
  /** When given, the balance cache of users who got an account is invalidated, so their wallet shows it at once. */
  redis?: RedisClient | null;
}

/**
 * Active currencies in which some non-SYSTEM user has no wallet account. Cheap enough to run every
 * few seconds: (user, currency) is unique and the SYSTEM user owns only cash accounts, so a
 * currency is complete exactly when its wallet count equals the non-SYSTEM user count.
 */
export async function currenciesMissingAccounts(db: DbTx): Promise<{ code: string; missing: number }[]> {
  const rows = await db.$queryRaw<{ code: string; missing: bigint }[]>`
    SELECT c.code, u.n - coalesce(a.n, 0) AS missing
      FROM currencies c
      CROSS JOIN (SELECT count(*) AS n FROM users WHERE role <> 'SYSTEM') u
      LEFT JOIN (SELECT currency, count(*) AS n FROM accounts WHERE kind = 'WALLET' GROUP BY currency) a ON a.currency = c.code
     WHERE c.active AND u.n > coalesce(a.n, 0)
     ORDER BY c.code`;
  return rows.map((r) => ({ code: r.code, missing: Number(r.missing) }));
}

/**
 * Gives every non-SYSTEM user a wallet account in every active currency, in batches of users by
 * id. Each batch is one INSERT ... ON CONFLICT DO NOTHING statement, so the run is idempotent by
 * construction: after a crash a fresh run simply finds what is still missing, and two instances
 * running it at once never create an account twice. Users registering meanwhile get their
 * accounts from registration itself. Admin progress (accounts per currency) moves batch by batch.
 */
export async function backfillCurrencyAccounts(db: Db, options: BackfillOptions = {}): Promise<BackfillResult> {
  const batchSize = Math.max(1, options.batchSize ?? 1_000);
  const startedAt = performance.now();
  const missing = await currenciesMissingAccounts(db);
  const result: BackfillResult = {
    currencies: missing.map((m) => m.code),
    batches: 0,
    usersScanned: 0,
    accountsCreated: 0,
    complete: true,
    ms: 0,
  };

  for (const { code } of missing) {
    let after = 0;
    for (;;) {
      if (options.signal?.aborted) {
        result.complete = false;
        result.ms = elapsedMs(startedAt);
        return result;
      }
      const batchStartedAt = performance.now();
      const rows = await db.$queryRaw<{ users: bigint; last_id: number | null; created: bigint; user_ids: number[] }[]>`
        WITH batch AS MATERIALIZED (
          SELECT id FROM users WHERE role <> 'SYSTEM' AND id > ${after} ORDER BY id LIMIT ${batchSize}
        ), created AS (
          INSERT INTO accounts (user_id, currency, kind)
          SELECT b.id, c.code, 'WALLET'::"AccountKind"
            FROM batch b JOIN currencies c ON c.code = ${code} AND c.active
           WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = b.id AND a.currency = c.code)
          ON CONFLICT (user_id, currency) DO NOTHING
          RETURNING user_id
        )
        SELECT (SELECT count(*) FROM batch) AS users, (SELECT max(id) FROM batch) AS last_id, (SELECT count(*) FROM created) AS created,
               (SELECT coalesce(array_agg(user_id), '{}') FROM created) AS user_ids`;
      const row = rows[0];
      const users = Number(row?.users ?? 0);
      if (users === 0 || row?.last_id == null) break;
      const created = Number(row.created);
      if (created > 0) await invalidateBalances(options.redis ?? null, row.user_ids);
      result.batches++;
      result.usersScanned += users;
      result.accountsCreated += created;
      await options.onBatch?.({
        currency: code,
        users,
        created,
        afterUserId: after,
        lastUserId: row.last_id,
        ms: elapsedMs(batchStartedAt),
      });
      after = row.last_id;
      if (users < batchSize) break;
    }
  }
  result.ms = elapsedMs(startedAt);
  return result;
}
