import { Prisma, type Db } from "@trade/db";
import type { RemoteInventory } from "../inventory/port.ts";
import type { TxState } from "./log.ts";
import { settleGraceMs } from "./settings.ts";
import { drive } from "./drive.ts";

export interface RecoveryOptions {
  /** Rows driven per run at most (the next run, a second later, takes the rest). */
  batchSize?: number;
  /** Rows driven at once by this process (SKIP LOCKED keeps them apart, across instances too). */
  concurrency?: number;
  signal?: AbortSignal;
  /** A row with at least this many failed attempts is reported as stuck (alerted on by the job). */
  stuckAttempts?: number;
}

export interface RecoveryResult {
  /** Abandoned Trys (TRYING past their deadline) moved to CANCELLING by this run. */
  abandoned: number;
  confirmed: number;
  cancelled: number;
  failed: number;
  /** Unfinished rows whose attempts piled up (each a participant that keeps failing or refusing). */
  stuck: { id: string; state: TxState; attempts: number; lastError: string | null }[];
}

interface Claimed {
  id: string;
  state: "CONFIRMING" | "CANCELLING";
  abandoned: boolean;
}

/**
 * The coordinator's recovery (run by the job every second, on every instance at once): drives
 * every unfinished global transaction to its final state after any crash or outage.
 * - TRYING past its deadline: the placement crashed or gave up between its log row and its local
 *   transaction. Moved to CANCELLING (guarded, under the row lock the placement's local
 *   transaction also takes: exactly one of the two wins) and cancelled.
 * - CONFIRMING (paid) -> Confirm; CANCELLING (cancelled, expired, refused) -> Cancel.
 * Rows are claimed one at a time with FOR UPDATE SKIP LOCKED and leased (next_attempt_at pushed
 * past the call's grace) in that same statement, then called without holding any lock: a second
 * job instance takes other rows, and a claim whose instance died is free again once its lease
 * runs out. A failed call backs the row off exponentially (0.5 s up to a minute; `last_error`
 * kept), so a participant that comes back is driven within about a second of its next attempt.
 */
export async function recoverGlobalTransactions(
  db: Db,
  inventory: RemoteInventory,
  options: RecoveryOptions = {},
): Promise<RecoveryResult> {
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const concurrency = Math.min(batchSize, Math.max(1, options.concurrency ?? 4));
  const result: RecoveryResult = { abandoned: 0, confirmed: 0, cancelled: 0, failed: 0, stuck: [] };
  let claimed = 0;
  let drained = false;
  const worker = async () => {
    while (!drained && claimed < batchSize && !options.signal?.aborted) {
      claimed++;
      const row = await claimNext(db, settleGraceMs(inventory));
      if (!row) {
        drained = true;
        return;
      }
      if (row.abandoned) result.abandoned++;
      const outcome = await drive(db, inventory, row.id, row.state);
      if (outcome === "failed") result.failed++;
      else if (row.state === "CONFIRMING") result.confirmed++;
      else result.cancelled++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.stuck = await stuckRows(db, options.stuckAttempts ?? 10);
  return result;
}

async function claimNext(db: Db, leaseMs: number): Promise<Claimed | null> {
  const rows = await db.$queryRaw<{ id: string; state: "CONFIRMING" | "CANCELLING"; abandoned: boolean }[]>(Prisma.sql`
    UPDATE global_transactions t
       SET state = CASE WHEN t.state = 'TRYING' THEN 'CANCELLING' ELSE t.state END,
           next_attempt_at = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
      FROM (SELECT id, state AS was FROM global_transactions
             WHERE state IN ('TRYING', 'CONFIRMING', 'CANCELLING') AND next_attempt_at <= now()
               AND (state <> 'TRYING' OR deadline <= now())
             ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED) c
     WHERE t.id = c.id
    RETURNING t.id, t.state, c.was = 'TRYING' AS abandoned`);
  return rows[0] ?? null;
}

async function stuckRows(db: Db, attempts: number): Promise<RecoveryResult["stuck"]> {
  const rows = await db.$queryRaw<{ id: string; state: TxState; attempts: number; last_error: string | null }[]>(
    Prisma.sql`
    SELECT id, state, attempts, last_error FROM global_transactions
     WHERE state IN ('TRYING', 'CONFIRMING', 'CANCELLING') AND attempts >= ${attempts}
     ORDER BY attempts DESC LIMIT 20`,
  );
  return rows.map((r) => ({ id: r.id, state: r.state, attempts: r.attempts, lastError: r.last_error }));
}
