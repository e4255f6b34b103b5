import { Prisma, type DbTx, type WithdrawalStatus } from "@trade/db";
import { fail } from "../errors/index.ts";
import { apiEnv } from "../env.ts";
import type { Deps } from "../infra/deps.ts";
import { requestHash } from "../infra/request-hash.ts";
import { runTx } from "../infra/tx.ts";
import { Money, parseAmount, toWire } from "../money/server.ts";
import { cashAccountId, walletAccountId } from "./accounts.ts";
import { invalidateBalances } from "./balance-cache.ts";
import { requireCurrency } from "./currencies.ts";
import { lockAccounts, postJournal } from "./post-journal.ts";

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

export function approvalThreshold(currency: string): Money {
  const env = apiEnv();
  return new Prisma.Decimal(env.WITHDRAW_APPROVAL_THRESHOLDS[currency] ?? env.WITHDRAW_DEFAULT_THRESHOLD);
}

/**
 * Holds the amount (available -> frozen). Below the approval threshold it completes in the same
 * transaction (frozen -> platform cash); otherwise it stays PENDING for an operator.
 */
export async function requestWithdrawal(
  { db, redis }: Deps,
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
  const instant = amount.lt(approvalThreshold(currency.code));

  const created = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO withdrawals (user_id, currency, amount, idempotency_key, request_hash)
      VALUES (${user.id}, ${currency.code}, ${amount.toString()}::numeric, ${input.idempotencyKey}, ${hash})
      ON CONFLICT (user_id, idempotency_key) DO NOTHING
      RETURNING id`;
    const row = rows[0];
    if (!row) return null;
    // The instant path posts two journals (wallet, then wallet + cash): lock both accounts first,
    // ascending, or it deadlocks with a deposit (docs/database.md#locking).
    if (instant) await lockAccounts(tx, [walletId, cashId]);
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
 * Operator decision on a PENDING withdrawal. Lock order: the withdrawal row (the subject), then
 * accounts by id. Deciding twice is refused with WITHDRAWAL_NOT_PENDING and moves nothing.
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
      RETURNING id, user_id, currency, amount`;
    const w = rows[0];
    if (!w) {
      const exists = await tx.withdrawal.count({ where: { id: input.withdrawalId } });
      fail(exists ? "WITHDRAWAL_NOT_PENDING" : "NOT_FOUND", { resource: "withdrawal" });
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
