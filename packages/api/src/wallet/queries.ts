import { Prisma, type JournalType, type LedgerBucket, type DbTx } from "@trade/db";
import type { Deps } from "../infra/deps.ts";
import { toWire } from "../money/server.ts";
import { readCachedBalances } from "./balance-cache.ts";
import { listCurrencies, requireCurrency } from "./currencies.ts";

export interface AccountView {
  id: number;
  currency: string;
  scale: number;
  available: string;
  frozen: string;
  total: string;
}

/** The caller's wallet accounts, one per currency (cache-aside through Redis). */
export async function listAccounts({ db, redis }: Deps, userId: number): Promise<AccountView[]> {
  return readCachedBalances(redis, userId, async () => {
    const [accounts, currencies] = await Promise.all([
      db.account.findMany({
        where: { userId, kind: "WALLET" },
        orderBy: { currency: "asc" },
        select: { id: true, currency: true, balance: true, frozen: true },
      }),
      listCurrencies(db),
    ]);
    const scaleOf = new Map(currencies.map((c) => [c.code, c.scale]));
    return accounts.map((a) => {
      const scale = scaleOf.get(a.currency) ?? 2;
      return {
        id: a.id,
        currency: a.currency,
        scale,
        available: toWire(a.balance, scale),
        frozen: toWire(a.frozen, scale),
        total: toWire(a.balance.plus(a.frozen), scale),
      };
    });
  });
}

export interface LedgerLineView {
  id: string;
  journalId: string;
  type: JournalType;
  currency: string;
  bucket: LedgerBucket;
  amount: string;
  availableAfter: string;
  frozenAfter: string;
  orderId: number | null;
  depositId: number | null;
  withdrawalId: number | null;
  createdAt: Date;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Ledger lines of the caller's own accounts, newest first, keyset-paginated by entry id
 * (the cursor is the last id seen), optionally for one currency.
 */
export async function listLedger(
  db: DbTx,
  userId: number,
  input: { currency?: string; cursor?: string | null; limit: number },
): Promise<Page<LedgerLineView>> {
  const currency = input.currency ? await requireCurrency(db, input.currency, false) : undefined;
  const before = input.cursor && /^\d{1,19}$/.test(input.cursor) ? BigInt(input.cursor) : undefined;
  const rows = await db.ledgerEntry.findMany({
    where: {
      account: { userId },
      ...(currency ? { currency: currency.code } : {}),
      ...(before ? { id: { lt: before } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      journalId: true,
      currency: true,
      bucket: true,
      amount: true,
      balanceAfter: true,
      frozenAfter: true,
      createdAt: true,
      journal: { select: { type: true, orderId: true, depositId: true, withdrawalId: true } },
    },
  });
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => {
      const scale = scales.get(r.currency) ?? 2;
      return {
        id: r.id.toString(),
        journalId: r.journalId.toString(),
        type: r.journal.type,
        currency: r.currency,
        bucket: r.bucket,
        amount: toWire(new Prisma.Decimal(r.amount), scale),
        availableAfter: toWire(r.balanceAfter, scale),
        frozenAfter: toWire(r.frozenAfter, scale),
        orderId: r.journal.orderId,
        depositId: r.journal.depositId,
        withdrawalId: r.journal.withdrawalId,
        createdAt: r.createdAt,
      };
    }),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

export async function listWithdrawals(db: DbTx, userId: number) {
  const rows = await db.withdrawal.findMany({ where: { userId }, orderBy: { id: "desc" }, take: 50 });
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  return rows.map((w) => ({
    id: w.id,
    currency: w.currency,
    amount: toWire(w.amount, scales.get(w.currency) ?? 2),
    status: w.status,
    createdAt: w.createdAt,
    decidedAt: w.decidedAt,
    reason: w.reason,
  }));
}
