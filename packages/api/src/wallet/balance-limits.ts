import { prepared, Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { Money } from "../money/server.ts";
import type { Policy } from "../policy.ts";

export type BalanceLimits = Pick<Policy, "maxMemberBalance" | "maxPlatformBalance">;

/** The bounds `policyFromEnv` gives without configuration (docs/security.md). */
export const DEFAULT_BALANCE_LIMITS: BalanceLimits = {
  maxMemberBalance: "1000000000000000",
  maxPlatformBalance: "1000000000000000000",
};

/**
 * Refuses a deposit that would take the member's wallet (available + frozen) past
 * `maxMemberBalance`, or the money the platform holds for everyone in the currency (what its cash
 * account owes, minus its balance) past `maxPlatformBalance`. Judged on both accounts locked, in
 * ascending id (the global order, as the deposit's journal then takes them), so concurrent
 * deposits cannot pass the bound together.
 *
 * Why deposits alone: every other movement only moves money between accounts of one currency
 * (their sum is zero), and wallets never go negative, so no wallet can hold more than the cash
 * account owes: bounding that bounds every balance, far below numeric(30,8)'s 10^22.
 */
export async function assertDepositWithinLimits(
  tx: DbTx,
  input: { walletId: number; cashId: number; currency: string; amount: Money; limits: BalanceLimits },
): Promise<void> {
  const rows = await tx.$queryRaw<{ id: number; balance: Prisma.Decimal; frozen: Prisma.Decimal }[]>(
    prepared(Prisma.sql`SELECT id, balance, frozen FROM accounts
                         WHERE id = ANY(${[input.walletId, input.cashId]}::int[]) ORDER BY id FOR NO KEY UPDATE`),
  );
  const wallet = rows.find((r) => r.id === input.walletId);
  const cash = rows.find((r) => r.id === input.cashId);
  if (!wallet || !cash) fail("INTERNAL", undefined, "deposit accounts missing");
  const held = wallet.balance.plus(wallet.frozen);
  const memberMax = new Prisma.Decimal(input.limits.maxMemberBalance);
  if (held.plus(input.amount).gt(memberMax)) {
    const room = memberMax.minus(held);
    fail("BALANCE_LIMIT", {
      scope: "MEMBER",
      currency: input.currency,
      max: input.limits.maxMemberBalance,
      room: (room.isNegative() ? new Prisma.Decimal(0) : room).toFixed(),
    });
  }
  // The platform's total is not the member's business: the refusal names the bound, not the room.
  if (cash.balance.negated().plus(input.amount).gt(new Prisma.Decimal(input.limits.maxPlatformBalance)))
    fail("BALANCE_LIMIT", { scope: "PLATFORM", currency: input.currency });
}
