import type { DbTx } from "@trade/db";
import type { Deps } from "../infra/deps.ts";
import { fail } from "../errors/index.ts";
import { requestHash } from "../infra/request-hash.ts";
import { runTx } from "../infra/tx.ts";
import { Money, parseAmount, toWire } from "../money/server.ts";
import { cashAccountId, walletAccountId } from "./accounts.ts";
import { invalidateBalances } from "./balance-cache.ts";
import { assertDepositWithinLimits, type BalanceLimits } from "./balance-limits.ts";
import { currencyIsActive, requireCurrency } from "./currencies.ts";
import { postJournal } from "./post-journal.ts";

export interface DepositInput {
  currency: string;
  amount: string;
  idempotencyKey: string;
}

export interface DepositResult {
  id: number;
  currency: string;
  amount: string;
  status: "COMPLETED";
  createdAt: Date;
  /** True when this call replayed an earlier deposit with the same key. */
  replayed: boolean;
}

/**
 * Credits the member's wallet from the platform cash account, at once. The (user, key) unique
 * row is claimed in the same transaction as the money movement, so a retry or a concurrent
 * duplicate replays the first result and moves nothing again. A deposit past the member's or the
 * platform's balance bound is BALANCE_LIMIT, and then nothing is stored (the transaction rolls
 * back, the key included, so the same key can be retried with a smaller amount).
 */
export async function deposit(
  { db, redis, policy }: Deps & { policy: BalanceLimits },
  userId: number,
  input: DepositInput,
): Promise<DepositResult> {
  const currency = await requireCurrency(db, input.currency, false);
  const amount = parseAmount(input.amount, currency.scale);
  const hash = requestHash({ currency: currency.code, amount: amount.toString() });
  // An inactive currency takes no new money: only a retry of a deposit made before the switch is
  // answered (replayed); anything else is CURRENCY_INACTIVE. Its balances stay withdrawable.
  if (!currency.active) return replayDeposit(db, userId, input.idempotencyKey, hash, currency.code, currency.scale);
  const walletId = await walletAccountId(db, userId, currency.code);
  const cashId = await cashAccountId(db, currency.code);

  const created = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: number; created_at: Date }[]>`
      INSERT INTO deposits (user_id, currency, amount, idempotency_key, request_hash)
      SELECT ${userId}, ${currency.code}, ${amount.toString()}::numeric, ${input.idempotencyKey}, ${hash}
       WHERE EXISTS (SELECT 1 FROM currencies WHERE code = ${currency.code} AND active)
      ON CONFLICT (user_id, idempotency_key) DO NOTHING
      RETURNING id, created_at`;
    const row = rows[0];
    if (!row) return null;
    await assertDepositWithinLimits(tx, { walletId, cashId, currency: currency.code, amount, limits: policy });
    await postJournal(tx, {
      type: "DEPOSIT",
      currency: currency.code,
      depositId: row.id,
      lines: [
        { accountId: cashId, bucket: "AVAILABLE", amount: amount.negated() },
        { accountId: walletId, bucket: "AVAILABLE", amount },
      ],
      refusal: "INTERNAL",
    });
    return row;
  });
  if (created) {
    await invalidateBalances(redis, [userId]);
    return {
      id: created.id,
      currency: currency.code,
      amount: toWire(amount, currency.scale),
      status: "COMPLETED",
      createdAt: created.created_at,
      replayed: false,
    };
  }
  return replayDeposit(db, userId, input.idempotencyKey, hash, currency.code, currency.scale);
}

async function replayDeposit(
  db: DbTx,
  userId: number,
  key: string,
  hash: string,
  currency: string,
  scale: number,
): Promise<DepositResult> {
  const existing = await db.deposit.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey: key } } });
  if (!existing) {
    // Nothing inserted and nothing stored: the currency is switched off, or the first is in flight.
    if (!(await currencyIsActive(db, currency))) fail("CURRENCY_INACTIVE", { currency });
    fail("IDEMPOTENCY_IN_FLIGHT");
  }
  if (existing.requestHash !== hash) fail("IDEMPOTENCY_CONFLICT");
  return {
    id: existing.id,
    currency: existing.currency,
    amount: toWire(new Money(existing.amount), scale),
    status: "COMPLETED",
    createdAt: existing.createdAt,
    replayed: true,
  };
}
