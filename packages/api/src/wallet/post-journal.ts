import { prepared, Prisma, type DbTx, type JournalType, type LedgerBucket } from "@trade/db";
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
  const { lock, write } = journalCtes(input);
  const rows = await tx.$queryRaw<{ entries: bigint }[]>(
    prepared(Prisma.sql`WITH ${lock}, ${write} SELECT count(*) AS entries FROM j_entries`),
  );
  const written = Number(rows[0]?.entries ?? 0);
  if (written !== input.lines.length) fail(input.refusal ?? "INSUFFICIENT_FUNDS");
}

/**
 * Locks accounts up front, in ascending id (the global order), for a transaction that posts more
 * than one journal over them. Each journal locks only its own accounts, so a sequence of journals
 * over different sets would otherwise lock in the order of the journals: the instant withdrawal
 * (hold: wallet; payout: wallet + cash) took the wallet, then the cash account, while a deposit
 * (cash + wallet, ascending) took them the other way round, and the two deadlocked.
 */
export async function lockAccounts(tx: DbTx, accountIds: number[]): Promise<void> {
  await tx.$queryRaw(
    prepared(Prisma.sql`SELECT id FROM accounts WHERE id = ANY(${accountIds}::int[]) ORDER BY id FOR NO KEY UPDATE`),
  );
}

export interface JournalCteOptions {
  /** SQL for the journal's order id when it is only known inside the statement, e.g. `(SELECT id FROM o)`. */
  orderIdSql?: Prisma.Sql;
  /** Extra condition (SQL) for moving the accounts at all, e.g. "the order row was inserted". */
  gate?: Prisma.Sql;
  /**
   * Extra condition (SQL) for locking the accounts at all. Referring to an earlier CTE here makes
   * that CTE run (and take its locks) before the accounts are locked: how a composed statement
   * keeps the global lock order (e.g. the order row first).
   */
  lockGate?: Prisma.Sql;
}

/**
 * A journal whose accounts, amounts and currency are only known inside the statement that posts
 * it (order placement derives them from the SKUs it reads).
 */
export interface SqlJournalInput {
  type: JournalType;
  /** SQL yielding the journal's one currency, e.g. `(SELECT currency FROM s_pre)`. */
  currency: Prisma.Sql;
  /**
   * A query yielding the lines as (account_id int, bucket text, amount numeric, ord bigint). It
   * must balance by construction (the deferred trigger re-checks every journal at COMMIT); no
   * line (e.g. the account is missing) means nothing moves.
   */
  lines: Prisma.Sql;
}

/**
 * The statement body of `postJournal`, for composing a journal into a larger single statement
 * (order placement), in two lists of CTEs (all prefixed `j_`) so the caller can put its own
 * between them: `lock` (read and lock) and `write` (which may refer to the caller's CTEs):
 * - `j_locked` (MATERIALIZED): the accounts, locked FOR NO KEY UPDATE in ascending id, with their
 *   balances as of the lock (the latest committed version);
 * - `j_ok`: one row, `ok` = there are lines, every account exists in the currency and its guard
 *   holds (a wallet bucket never goes below zero), judged on the locked rows;
 * - `j_moved`, `j_journal`, `j_entries`: the guarded UPDATE, the journal and its entries, as
 *   `postJournal` writes them; nothing is written unless every account moved (and `gate` holds).
 * Throws INTERNAL for unbalanced lines given as values (before any SQL runs).
 */
export function journalCtes(
  input: JournalInput | SqlJournalInput,
  options: JournalCteOptions = {},
): { lock: Prisma.Sql; write: Prisma.Sql } {
  const { lines, currency, distinctAccounts, refs } = isSqlJournal(input)
    ? sqlJournalParts(input)
    : valueJournalParts(input);
  const guard = Prisma.sql`(a.kind = 'CASH' OR (a.balance + d.d_balance >= 0 AND a.frozen + d.d_frozen >= 0))`;
  // The UPDATE below checks the guard on k and computes the new balances from k: k is the row
  // j_locked locked, its current version, which nobody else can change until COMMIT. `a` may be
  // the version of the statement's snapshot: READ COMMITTED filters an UPDATE's rows on the
  // snapshot first, and in this composed statement (the row already locked by j_locked) the SET
  // was also computed from that older version. A wallet whose funds another transaction released
  // after the snapshot but before the lock passed j_ok on k, then failed the guard on `a`: an
  // order inserted without its journal, refused by the placement's completeness guard as a 500
  // (found by the cluster's chaos test; packages/api/test/journal-snapshot-race.test.ts).
  const lockedGuard = Prisma.sql`(k.kind = 'CASH' OR (k.balance + d.d_balance >= 0 AND k.frozen + d.d_frozen >= 0))`;
  const lock = Prisma.sql`
    j_lines AS (
      SELECT l.account_id, l.bucket::"LedgerBucket" AS bucket, l.amount, l.ord
        FROM (${lines}) AS l(account_id, bucket, amount, ord)
    ), j_deltas AS (
      SELECT account_id,
             coalesce(sum(amount) FILTER (WHERE bucket = 'AVAILABLE'), 0) AS d_balance,
             coalesce(sum(amount) FILTER (WHERE bucket = 'FROZEN'), 0) AS d_frozen
        FROM j_lines GROUP BY account_id
    ), j_locked AS MATERIALIZED (
      SELECT a.id, a.kind, a.currency, a.balance, a.frozen FROM accounts a
       WHERE a.id IN (SELECT account_id FROM j_deltas) ${options.lockGate ? Prisma.sql`AND ${options.lockGate}` : Prisma.empty}
       ORDER BY a.id FOR NO KEY UPDATE
    ), j_ok AS MATERIALIZED (
      SELECT count(*) > 0 AND count(*) = ${distinctAccounts} AND coalesce(bool_and(a.currency = ${currency} AND ${guard}), false) AS ok
        FROM j_deltas d JOIN j_locked a ON a.id = d.account_id
    )`;
  const write = Prisma.sql`
    j_moved AS (
      UPDATE accounts a
         SET balance = k.balance + d.d_balance, frozen = k.frozen + d.d_frozen, updated_at = now()
        FROM j_deltas d JOIN j_locked k ON k.id = d.account_id
       WHERE a.id = d.account_id AND k.currency = ${currency} AND ${lockedGuard}
         ${options.gate ? Prisma.sql`AND ${options.gate}` : Prisma.empty}
      RETURNING a.id, a.balance, a.frozen
    ), j_journal AS (
      INSERT INTO journals (type, currency, order_id, deposit_id, withdrawal_id)
      SELECT ${input.type}::"JournalType", ${currency}, ${options.orderIdSql ?? Prisma.sql`${refs.orderId ?? null}::int`}, ${refs.depositId ?? null}::int, ${refs.withdrawalId ?? null}::int
       WHERE (SELECT count(*) FROM j_moved) = ${distinctAccounts} AND EXISTS (SELECT 1 FROM j_moved)
      RETURNING id
    ), j_entries AS (
      INSERT INTO ledger_entries (journal_id, account_id, currency, bucket, amount, balance_after, frozen_after)
      SELECT j_journal.id, l.account_id, ${currency}, l.bucket, l.amount, m.balance, m.frozen
        FROM j_lines l JOIN j_moved m ON m.id = l.account_id CROSS JOIN j_journal
       ORDER BY l.ord
      RETURNING 1
    )`;
  return { lock, write };
}

interface JournalParts {
  lines: Prisma.Sql;
  currency: Prisma.Sql;
  distinctAccounts: Prisma.Sql;
  refs: Pick<JournalInput, "orderId" | "depositId" | "withdrawalId">;
}

function isSqlJournal(input: JournalInput | SqlJournalInput): input is SqlJournalInput {
  return input.lines instanceof Prisma.Sql;
}

function valueJournalParts(input: JournalInput): JournalParts {
  const sum = input.lines.reduce((acc, line) => acc.plus(line.amount), new Prisma.Decimal(0));
  if (!sum.isZero() || input.lines.length < 2) fail("INTERNAL", undefined, "unbalanced journal");
  const accountIds = input.lines.map((l) => l.accountId);
  const buckets = input.lines.map((l) => l.bucket);
  const amounts = input.lines.map((l) => l.amount.toString());
  return {
    lines: Prisma.sql`SELECT * FROM unnest(${accountIds}::int[], ${buckets}::text[], ${amounts}::numeric[]) WITH ORDINALITY`,
    currency: Prisma.sql`${input.currency}`,
    distinctAccounts: Prisma.sql`${new Set(accountIds).size}::bigint`,
    refs: { orderId: input.orderId, depositId: input.depositId, withdrawalId: input.withdrawalId },
  };
}

function sqlJournalParts(input: SqlJournalInput): JournalParts {
  return {
    lines: input.lines,
    currency: input.currency,
    distinctAccounts: Prisma.sql`(SELECT count(DISTINCT account_id) FROM j_lines)`,
    refs: {},
  };
}
