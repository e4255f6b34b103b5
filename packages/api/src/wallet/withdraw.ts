import { type Prisma, type DbTx, type WithdrawalStatus } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { Deps } from "../infra/deps.ts";
import type { Policy } from "../policy.ts";
import { requestHash } from "../infra/request-hash.ts";
import { runTx } from "../infra/tx.ts";
import { Money, parseAmount, toWire } from "../money/server.ts";
import { cashAccountId, walletAccountId } from "./accounts.ts";
import { invalidateBalances } from "./balance-cache.ts";
import { requireCurrency } from "./currencies.ts";
import { lockAccounts, postJournal } from "./post-journal.ts";
import { completesAtOnce } from "./withdraw-threshold.ts";

export interface WithdrawInput {
  currency: string;
  amount: string;
  idempotencyKey: string;
}

export interface WithdrawalView {
  id: number;
  currency: string;
  amount: string;
  status: WithdrawalStatus;
  createdAt: Date;
  decidedAt: Date | null;
  reason: string | null;
  replayed: boolean;
}

/**
 * Holds the amount (available -> frozen). While the member's withdrawals of the day in the
 * currency, this one included, stay below the currency's approval threshold it completes in the
 * same transaction (frozen -> platform cash); otherwise it stays PENDING for an operator.
 */
export async function requestWithdrawal(
  { db, redis, policy }: Deps & { policy: Pick<Policy, "withdrawThresholds"> },
  user: { id: number; status: string },
  input: WithdrawInput,
): Promise<WithdrawalView> {
  if (user.status === "FROZEN") fail("ACCOUNT_FROZEN");
  // Inactive currencies included: switching a currency off stops new money coming in, never the
  // members' way to take theirs out.
  const currency = await requireCurrency(db, input.currency, false);
  const amount = parseAmount(input.amount, currency.scale);
  const hash = requestHash({ currency: currency.code, amount: amount.toString() });
  const walletId = await walletAccountId(db, user.id, currency.code);
  const cashId = await cashAccountId(db, currency.code);

  const created = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO withdrawals (user_id, currency, amount, idempotency_key, request_hash)
      VALUES (${user.id}, ${currency.code}, ${amount.toString()}::numeric, ${input.idempotencyKey}, ${hash})
      ON CONFLICT (user_id, idempotency_key) DO NOTHING
      RETURNING id`;
    const row = rows[0];
    if (!row) return null;
    // Wallet and cash locked first, together, in ascending id: the instant path posts two
    // journals (wallet, then wallet + cash) and a deposit locks the same two rows, so taking them
    // in any other order deadlocks (docs/database.md#locking). Whether this one is instant is
    // known only under the wallet lock (the day's total must not be read by two at once), so
    // both rows are locked even when it then waits for an operator.
    await lockAccounts(tx, [walletId, cashId]);
    const instant = await completesAtOnce(tx, {
      userId: user.id,
      currency: currency.code,
      envThresholds: policy.withdrawThresholds,
    });
    await postJournal(tx, {
      type: "WITHDRAW_HOLD",
      currency: currency.code,
      withdrawalId: row.id,
      lines: [
        { accountId: walletId, bucket: "AVAILABLE", amount: amount.negated() },
        { accountId: walletId, bucket: "FROZEN", amount },
      ],
    });
    if (instant) {
      await tx.$executeRaw`UPDATE withdrawals SET status = 'COMPLETED', decided_at = now() WHERE id = ${row.id}`;
      await payOut(tx, { id: row.id, currency: currency.code, amount, walletId, cashId });
    }
    return row;
  });
  if (created) await invalidateBalances(redis, [user.id]);
  const id = created?.id ?? (await replayWithdrawal(db, user.id, input.idempotencyKey, hash));
  return { ...(await getWithdrawal(db, user.id, id, currency.scale)), replayed: !created };
}

async function replayWithdrawal(db: DbTx, userId: number, key: string, hash: string): Promise<number> {
  const existing = await db.withdrawal.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey: key } },
    select: { id: true, requestHash: true },
  });
  if (!existing) fail("IDEMPOTENCY_IN_FLIGHT");
  if (existing.requestHash !== hash) fail("IDEMPOTENCY_CONFLICT");
  return existing.id;
}

/** Pays a held withdrawal out: frozen -> platform cash (the money leaves the shop). */
function payOut(tx: DbTx, w: HeldWithdrawal): Promise<void> {
  return postJournal(tx, {
    type: "WITHDRAW_COMPLETE",
    currency: w.currency,
    withdrawalId: w.id,
    lines: [
      { accountId: w.walletId, bucket: "FROZEN", amount: w.amount.negated() },
      { accountId: w.cashId, bucket: "AVAILABLE", amount: w.amount },
    ],
    refusal: "INTERNAL",
  });
}

/** Gives a rejected withdrawal's hold back: frozen -> available. */
function release(tx: DbTx, w: HeldWithdrawal): Promise<void> {
  return postJournal(tx, {
    type: "WITHDRAW_RELEASE",
    currency: w.currency,
    withdrawalId: w.id,
    lines: [
      { accountId: w.walletId, bucket: "FROZEN", amount: w.amount.negated() },
      { accountId: w.walletId, bucket: "AVAILABLE", amount: w.amount },
    ],
    refusal: "INTERNAL",
  });
}

interface HeldWithdrawal {
  id: number;
  currency: string;
  amount: Money;
  walletId: number;
  cashId: number;
}

async function getWithdrawal(
  db: DbTx,
  userId: number,
  id: number,
  scale: number,
): Promise<Omit<WithdrawalView, "replayed">> {
  const w = await db.withdrawal.findFirstOrThrow({ where: { id, userId } });
  return {
    id: w.id,
    currency: w.currency,
    amount: toWire(new Money(w.amount), scale),
    status: w.status,
    createdAt: w.createdAt,
    decidedAt: w.decidedAt,
    reason: w.reason,
  };
}

/**
 * Operator decision on a PENDING withdrawal. Lock order: the withdrawal row (the subject), the
 * member's user row (shared: a freeze committing meanwhile waits, or is seen), then accounts by
 * id. Deciding twice is refused with WITHDRAWAL_NOT_PENDING and moves nothing. Four eyes: an
 * operator cannot approve their own withdrawal (SELF_APPROVAL). A frozen member's withdrawal
 * cannot be approved (MEMBER_FROZEN); it can be rejected, which returns the hold to the member's
 * (frozen) wallet.
 */
export async function decideWithdrawal(
  { db, redis }: Deps,
  operatorId: number,
  input: { withdrawalId: number; approve: boolean; reason?: string },
): Promise<{ id: number; status: WithdrawalStatus }> {
  const result = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: number; user_id: number; currency: string; amount: Prisma.Decimal }[]>`
      UPDATE withdrawals SET status = ${input.approve ? "COMPLETED" : "REJECTED"}::"WithdrawalStatus", decided_at = now(),
             decided_by_id = ${operatorId}, reason = ${input.reason ?? null}
       WHERE id = ${input.withdrawalId} AND status = 'PENDING'
         AND (${!input.approve} OR user_id <> ${operatorId})
      RETURNING id, user_id, currency, amount`;
    const w = rows[0];
    if (!w) {
      const existing = await tx.withdrawal.findUnique({
        where: { id: input.withdrawalId },
        select: { userId: true, status: true },
      });
      if (!existing) fail("NOT_FOUND", { resource: "withdrawal" });
      if (existing.status !== "PENDING") fail("WITHDRAWAL_NOT_PENDING", { resource: "withdrawal" });
      fail("SELF_APPROVAL", { withdrawalId: input.withdrawalId });
    }
    // The member's balances before the commit too (balance-cache.ts): an operator's write.
    await invalidateBalances(redis, [w.user_id]);
    if (input.approve) {
      const member = await tx.$queryRaw<
        { status: string }[]
      >`SELECT status FROM users WHERE id = ${w.user_id} FOR SHARE`;
      if (member[0]?.status !== "ACTIVE") fail("MEMBER_FROZEN", { userId: w.user_id });
    }
    const held = {
      id: w.id,
      currency: w.currency,
      amount: new Money(w.amount),
      walletId: await walletAccountId(tx, w.user_id, w.currency),
      cashId: await cashAccountId(tx, w.currency),
    };
    await (input.approve ? payOut(tx, held) : release(tx, held));
    return { id: w.id, userId: w.user_id, status: (input.approve ? "COMPLETED" : "REJECTED") as WithdrawalStatus };
  });
  await invalidateBalances(redis, [result.userId]);
  return { id: result.id, status: result.status };
}
