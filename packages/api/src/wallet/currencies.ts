import type { DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";

export interface CurrencyInfo {
  code: string;
  name: string;
  scale: number;
  active: boolean;
}

// Currencies change rarely (an operator adds one); a short in-process cache keeps them off the
// hot path without ever serving a removed scale for long.
const TTL_MS = 5_000;
let cache: { at: number; byCode: Map<string, CurrencyInfo> } | undefined;

export async function listCurrencies(db: DbTx): Promise<CurrencyInfo[]> {
  return [...(await currencyMap(db)).values()];
}

async function currencyMap(db: DbTx): Promise<Map<string, CurrencyInfo>> {
  if (cache && Date.now() - cache.at < TTL_MS) return cache.byCode;
  const rows = await db.currency.findMany({
    orderBy: { code: "asc" },
    select: { code: true, name: true, scale: true, active: true },
  });
  cache = { at: Date.now(), byCode: new Map(rows.map((c) => [c.code, c])) };
  return cache.byCode;
}

export function forgetCurrencies(): void {
  cache = undefined;
}

/** The currency, or UNKNOWN_CURRENCY. `activeOnly` refuses currencies switched off. */
export async function requireCurrency(db: DbTx, code: string, activeOnly = true): Promise<CurrencyInfo> {
  const currency = (await currencyMap(db)).get(code.toUpperCase());
  if (!currency || (activeOnly && !currency.active)) fail("UNKNOWN_CURRENCY", { currency: code });
  return currency;
}

/** Whether the currency is active now, read from its row (not the cache): for deciding a refusal. */
export async function currencyIsActive(db: DbTx, code: string): Promise<boolean> {
  const row = await db.currency.findUnique({ where: { code }, select: { active: true } });
  return row?.active ?? false;
}
