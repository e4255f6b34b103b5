import { Prisma, type DbTx, type JournalType, type LedgerBucket } from "@trade/db";
import { fail, type ErrorCode } from "../errors/index.ts";
import type { Money } from "../money/server.ts";

export interface JournalLine {
  accountId: number;
  bucket: LedgerBucket;
  /** Signed: positive adds to the bucket, negative takes from it. */
  amount: Money;
}

export interface JournalInput {
  type: JournalType;
  currency: string;
  orderId?: number;
  depositId?: number;
  withdrawalId?: number;
  lines: JournalLine[];
  /** Error thrown when a wallet bucket would go negative (aborts the caller's transaction). */
  refusal?: ErrorCode;
}

/**
 * The only way money moves. In ONE statement: applies the lines to the accounts (guarded so a
 * wallet bucket can never go below zero), inserts the journal and one ledger entry per line with
 * the balances after. When a guard refuses (insufficient funds) it throws `refusal`, which aborts
 * the caller's transaction. The lines must sum to zero (also enforced at COMMIT by a deferred
 * trigger).
 *
 * Lock order: the accounts are locked in ascending id (the global order) by a materialised
 * `SELECT ... FOR NO KEY UPDATE` before the UPDATE touches them, so two movements over the same
 * accounts in opposite directions cannot deadlock. NO KEY UPDATE (the lock an UPDATE of non-key
 * columns takes anyway), not FOR UPDATE: inserting a row with a foreign key to the account (a
 * ledger entry) takes FOR KEY SHARE on it, which FOR UPDATE would conflict with, and two
 * transactions each holding KEY SHARE and waiting for FOR UPDATE deadlock.
 */
export async function postJournal(tx: DbTx, input: JournalInput): Promise<void> {
  const sum = input.lines.reduce((acc, line) => acc.plus(line.amount), new Prisma.Decimal(0));
  if (!sum.isZero() || input.lines.length < 2) fail("INTERNAL", undefined, "unbalanced journal");
  const accountIds = input.lines.map((l) => l.accountId);
  const buckets = input.lines.map((l) => l.bucket);
  const amounts = input.lines.map((l) => l.amount.toString());
  const distinctAccounts = new Set(accountIds).size;

  const rows = await tx.$queryRaw<{ entries: bigint }[]>`
    WITH lines AS (
      SELECT l.account_id, l.bucket::"LedgerBucket" AS bucket, l.amount, l.ord
        FROM unnest(${accountIds}::int[], ${buckets}::text[], ${amounts}::numeric[]) WITH ORDINALITY AS l(account_id, bucket, amount, ord)
    ), deltas AS (
      SELECT account_id,
             coalesce(sum(amount) FILTER (WHERE bucket = 'AVAILABLE'), 0) AS d_balance,
             coalesce(sum(amount) FILTER (WHERE bucket = 'FROZEN'), 0) AS d_frozen
        FROM lines GROUP BY account_id
    ), locked AS MATERIALIZED (
      SELECT a.id FROM accounts a WHERE a.id IN (SELECT account_id FROM deltas) ORDER BY a.id FOR NO KEY UPDATE
    ), moved AS (
      UPDATE accounts a
         SET balance = a.balance + d.d_balance, frozen = a.frozen + d.d_frozen, updated_at = now()
        FROM deltas d JOIN locked k ON k.id = d.account_id
       WHERE a.id = d.account_id AND a.currency = ${input.currency}
         AND (a.kind = 'CASH' OR (a.balance + d.d_balance >= 0 AND a.frozen + d.d_frozen >= 0))
      RETURNING a.id, a.balance, a.frozen
    ), journal AS (
      INSERT INTO journals (type, currency, order_id, deposit_id, withdrawal_id)
      SELECT ${input.type}::"JournalType", ${input.currency}, ${input.orderId ?? null}::int, ${input.depositId ?? null}::int, ${input.withdrawalId ?? null}::int
       WHERE (SELECT count(*) FROM moved) = ${distinctAccounts}::bigint
      RETURNING id
    ), entries AS (
      INSERT INTO ledger_entries (journal_id, account_id, currency, bucket, amount, balance_after, frozen_after)
      SELECT journal.id, l.account_id, ${input.currency}, l.bucket, l.amount, m.balance, m.frozen
        FROM lines l JOIN moved m ON m.id = l.account_id CROSS JOIN journal
       ORDER BY l.ord
      RETURNING 1
    )
    SELECT count(*) AS entries FROM entries`;
  const written = Number(rows[0]?.entries ?? 0);
  if (written !== input.lines.length) fail(input.refusal ?? "INSUFFICIENT_FUNDS");
}
