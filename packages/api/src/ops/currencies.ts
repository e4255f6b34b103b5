import { Prisma, type Db } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { forgetCurrencies } from "../wallet/currencies.ts";

/** Currencies with backfill progress: how many users already have an account in each. */
export async function listCurrenciesWithProgress(db: Db) {
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
      const created = await tx.currency.create({ data: { code, name: input.name.trim(), scale: input.scale } });
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
