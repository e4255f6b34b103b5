import type { Db } from "@trade/db";
import type { AlertPolicy } from "../alert-policy.ts";
import { raiseFindings, type RiskRulesConfig, type RuleOutcome } from "./config.ts";

interface DriftRow {
  account_id: number;
  user_id: number;
  currency: string;
  day: Date;
  snapshot_total: string;
  current_total: string;
  ledger_change: string;
}

/**
 * Balance changes since the member's last snapshot that the ledger does not explain.
 *
 * For each wallet, the snapshot total S must be the account's state after some ledger entry
 * (entries carry balance_after / frozen_after), and the current total must be S plus every entry
 * posted after that one. Which entry the snapshot saw is not stored, so the candidates are the
 * entries around the snapshot's time (a transaction that was open while the snapshot ran has an
 * earlier created_at but was not yet visible) plus the last entry before that grace window (or
 * "no entry yet"). An account is flagged when no candidate explains both the snapshot and the
 * present: money that appeared or vanished without a journal, whether before or after the
 * snapshot. Only accounts that moved since the snapshot or differ from it are examined, and only
 * their recent entries are read (index on (account_id, id)).
 */
export async function balanceDriftRule(
  db: Db,
  config: RiskRulesConfig["balanceDrift"],
  policy: AlertPolicy,
): Promise<RuleOutcome> {
  const grace = config.graceSeconds;
  // One statement over every member: JIT compilation would cost more than it saves (~0.4 s).
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL jit = off`,
    db.$queryRaw<DriftRow[]>`
    WITH acc AS MATERIALIZED (
      SELECT a.id, a.user_id, a.currency, a.balance + a.frozen AS current_total,
             coalesce((sn.balances ->> lower(a.currency))::numeric, 0) AS snapshot_total,
             sn.day, sn.created_at AS taken_at
        FROM users u
        CROSS JOIN LATERAL (
          SELECT s.day, s.created_at, s.balances FROM balance_snapshots s WHERE s.user_id = u.id ORDER BY s.day DESC LIMIT 1
        ) sn
        JOIN accounts a ON a.user_id = u.id AND a.kind = 'WALLET'
       WHERE u.role <> 'SYSTEM'
         AND (a.balance + a.frozen <> coalesce((sn.balances ->> lower(a.currency))::numeric, 0)
              OR a.updated_at >= sn.created_at - make_interval(secs => ${grace}))
    ), anchored AS (
      SELECT acc.*, (
               SELECT le.id FROM ledger_entries le
                WHERE le.account_id = acc.id AND le.created_at < acc.taken_at - make_interval(secs => ${grace})
                ORDER BY le.id DESC LIMIT 1
             ) AS anchor_id
        FROM acc
    ), entries AS (
      SELECT an.id AS account_id, le.id, le.amount, le.balance_after + le.frozen_after AS after_total, le.created_at,
             coalesce(sum(le.amount) OVER (PARTITION BY an.id ORDER BY le.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS later_sum,
             sum(le.amount) FILTER (WHERE le.created_at >= an.taken_at) OVER (PARTITION BY an.id) AS since_snapshot
        FROM anchored an
        JOIN ledger_entries le ON le.account_id = an.id AND le.id >= coalesce(an.anchor_id, 0)
    ), candidates AS (
      -- The state after an entry the snapshot may have been the last to see...
      SELECT e.account_id, e.after_total AS total, e.later_sum
        FROM entries e JOIN anchored an ON an.id = e.account_id
       WHERE e.id = an.anchor_id OR e.created_at <= an.taken_at + make_interval(secs => ${grace})
      UNION ALL
      -- ...or the empty account, when nothing was posted before the grace window.
      SELECT an.id, 0, coalesce((SELECT sum(e.amount) FROM entries e WHERE e.account_id = an.id), 0)
        FROM anchored an WHERE an.anchor_id IS NULL
    )
    SELECT an.id AS account_id, an.user_id, an.currency, an.day,
           an.snapshot_total::text, an.current_total::text,
           coalesce((SELECT max(e.since_snapshot) FROM entries e WHERE e.account_id = an.id), 0)::text AS ledger_change
      FROM anchored an
     WHERE NOT EXISTS (
       SELECT 1 FROM candidates c
        WHERE c.account_id = an.id AND c.total = an.snapshot_total AND an.current_total = an.snapshot_total + c.later_sum)
     ORDER BY an.id`,
  ]);

  return raiseFindings(
    db,
    "balance_drift",
    rows.map((r) => {
      const day = r.day.toISOString().slice(0, 10);
      return {
        rule: "balance_drift",
        severity: "CRITICAL" as const,
        dedupeKey: `balance_drift:account:${r.account_id}:${day}`,
        message: `Account ${r.account_id} (user ${r.user_id}, ${r.currency}): total ${r.current_total} vs snapshot ${r.snapshot_total} of ${day}; the ledger explains a change of ${r.ledger_change}`,
        userId: r.user_id,
        details: {
          accountId: r.account_id,
          currency: r.currency,
          snapshotDay: day,
          snapshotTotal: r.snapshot_total,
          currentTotal: r.current_total,
          ledgerChangeSinceSnapshot: r.ledger_change,
        },
      };
    }),
    policy,
  );
}
