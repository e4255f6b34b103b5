import type { DbTx } from "@trade/db";
import { LRUCache } from "lru-cache";
import { fail } from "../errors/index.ts";

// Account ids never change once created, so they are safe to cache for the process lifetime;
// bounded, because a long-running web process meets every member in every currency (100,000
// entries is a few MB and covers the active members of a large shop).
const walletIds = new LRUCache<string, number>({ max: 100_000 });
const cashIds = new Map<string, number>();

/**
 * Forgets every cached account id. The caches assume one database per process; a test process
 * that switches databases (the order suite runs once per inventory adapter) calls this between.
 */
export function forgetAccountIds(): void {
  walletIds.clear();
  cashIds.clear();
}

/**
 * The user's wallet account id in `currency` (scoped by owner: no way to reach another's). A
 * wallet missing because the currency was added after the user registered and the job has not
 * backfilled it yet is created here (idempotently), so nobody waits for the job to use it.
 */
export async function walletAccountId(db: DbTx, userId: number, currency: string): Promise<number> {
  const key = `${userId}:${currency}`;
  const known = walletIds.get(key);
  if (known !== undefined) return known;
  let account = await db.account.findUnique({
    where: { userId_currency: { userId, currency } },
    select: { id: true, kind: true },
  });
  if (!account) {
    await ensureWalletAccounts(db, [userId], currency);
    account = await db.account.findUnique({
      where: { userId_currency: { userId, currency } },
      select: { id: true, kind: true },
    });
  }
  if (!account || account.kind !== "WALLET") fail("NOT_FOUND", { resource: "account", currency });
  walletIds.set(key, account.id);
  return account.id;
}

/** The platform cash account for `currency`: the counterpart of deposits and withdrawals. */
export async function cashAccountId(db: DbTx, currency: string): Promise<number> {
  const known = cashIds.get(currency);
  if (known !== undefined) return known;
  const account = await db.account.findFirst({ where: { currency, kind: "CASH" }, select: { id: true } });
  if (!account) fail("UNKNOWN_CURRENCY", { currency });
  cashIds.set(currency, account.id);
  return account.id;
}

/**
 * Creates the missing wallet accounts of `userIds` in every active currency (or only `currency`).
 * Idempotent: ON CONFLICT DO NOTHING on (user, currency).
 */
export async function ensureWalletAccounts(db: DbTx, userIds: number[], currency?: string): Promise<number> {
  if (userIds.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO accounts (user_id, currency, kind)
    SELECT u.id, c.code, 'WALLET'::"AccountKind"
      FROM unnest(${userIds}::int[]) AS u(id)
      CROSS JOIN currencies c
     WHERE c.active AND (${currency ?? null}::text IS NULL OR c.code = ${currency ?? null}::text)
    ON CONFLICT (user_id, currency) DO NOTHING`;
}
