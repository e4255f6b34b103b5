import { Prisma, type Db, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { parseAmount, toWire } from "../money/server.ts";
import { forgetCurrencies, requireCurrency } from "../wallet/currencies.ts";
import { effectiveThreshold } from "../wallet/withdraw-threshold.ts";

/**
 * Currencies with backfill progress (how many users already have an account in each) and the
 * withdrawal threshold in force: the currency's own, else the environment's, else null (every
 * withdrawal in it waits for an operator).
 */
export async function listCurrenciesWithProgress(db: DbTx, envThresholds: Readonly<Record<string, string>>) {
  const [currencies, users, counts] = await Promise.all([
    db.currency.findMany({ orderBy: { code: "asc" } }),
    db.user.count({ where: { role: { not: "SYSTEM" } } }),
    db.account.groupBy({ by: ["currency"], where: { kind: "WALLET" }, _count: { _all: true } }),
  ]);
  const withAccounts = new Map(counts.map((c) => [c.currency, c._count._all]));
  return currencies.map((c) => ({
    code: c.code,
    name: c.name,
    scale: c.scale,
    active: c.active,
    createdAt: c.createdAt,
    withdrawThreshold: (() => {
      const threshold = effectiveThreshold(c.code, c.withdrawThreshold, envThresholds);
      return threshold ? toWire(threshold, c.scale) : null;
    })(),
    usersWithAccount: withAccounts.get(c.code) ?? 0,
    users,
  }));
}

/**
 * Adds a currency and its platform cash account. Members' wallet accounts are created by the
 * job's backfill (in batches, resumable), so this stays fast with any number of users.
 */
export async function createCurrency(db: Db, input: { code: string; name: string; scale: number }) {
  const code = input.code.trim().toUpperCase();
  try {
    const currency = await runTx(db, async (tx) => {
      // No withdrawal threshold yet: every withdrawal in it waits until an operator sets one.
      const created = await tx.currency.create({
        data: { code, name: input.name.trim(), scale: input.scale },
        select: { code: true, name: true, scale: true, active: true, createdAt: true },
      });
      const system = await tx.user.findFirst({ where: { role: "SYSTEM" }, select: { id: true } });
      if (!system) fail("INTERNAL", undefined, "platform system user missing");
      await tx.account.create({ data: { userId: system.id, currency: code, kind: "CASH" } });
      return created;
    });
    forgetCurrencies();
    return currency;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      fail("CURRENCY_EXISTS", { code });
    throw error;
  }
}

export async function setCurrencyActive(db: Db, code: string, active: boolean) {
  const result = await db.currency.updateMany({ where: { code }, data: { active } });
  if (result.count === 0) fail("NOT_FOUND", { resource: "currency" });
  forgetCurrencies();
  return { code, active };
}

/** Sets a currency's daily withdrawal approval threshold (a positive amount at its scale). */
export async function setCurrencyThreshold(db: Db, code: string, amount: string) {
  const currency = await requireCurrency(db, code, false).catch(() => fail("NOT_FOUND", { resource: "currency" }));
  const threshold = parseAmount(amount, currency.scale);
  await db.currency.update({ where: { code: currency.code }, data: { withdrawThreshold: threshold } });
  return { code: currency.code, withdrawThreshold: toWire(threshold, currency.scale) };
}
