import { Prisma, type DbTx } from "@trade/db";
import type { Money } from "../money/server.ts";

/**
 * The daily withdrawal approval threshold of a currency: the one an operator set on the currency,
 * else the environment's for its code, else none (null): a currency added by an operator has
 * every withdrawal wait for approval until its threshold is set, rather than inherit a default
 * that may mean nothing in that currency (1000 of a currency worth a thousandth of a dollar).
 */
export function effectiveThreshold(
  code: string,
  own: Prisma.Decimal | null,
  envThresholds: Readonly<Record<string, string>>,
): Money | null {
  if (own) return new Prisma.Decimal(own);
  const fromEnv = envThresholds[code];
  return fromEnv === undefined ? null : new Prisma.Decimal(fromEnv);
}

/**
 * Whether a new withdrawal completes at once: the member's withdrawals in the currency today (UTC
 * day, not rejected, this one included) total below the threshold. Per day and not per request,
 * so 999.99 x N is not N instant withdrawals. Call it under the member's wallet account lock
 * (`requestWithdrawal` takes it), so concurrent requests are counted one after another; it runs
 * in its own statement after that lock, so it sees what the previous holder committed.
 */
export async function completesAtOnce(
  tx: DbTx,
  input: { userId: number; currency: string; envThresholds: Readonly<Record<string, string>> },
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ own: Prisma.Decimal | null; today: Prisma.Decimal }[]>`
    SELECT (SELECT withdraw_threshold FROM currencies WHERE code = ${input.currency}) AS own,
           (SELECT coalesce(sum(amount), 0) FROM withdrawals
             WHERE user_id = ${input.userId} AND currency = ${input.currency} AND status <> 'REJECTED'
               AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS today`;
  const row = rows[0];
  if (!row) return false;
  const threshold = effectiveThreshold(input.currency, row.own, input.envThresholds);
  return threshold !== null && new Prisma.Decimal(row.today).lt(threshold);
}
