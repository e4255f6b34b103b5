import type { Db } from "@trade/db";
import { forgetCurrencies } from "../wallet/currencies.ts";

export const DEFAULT_CURRENCIES = [
  { code: "USD", name: "US Dollar", scale: 2 },
  { code: "CNY", name: "Chinese Yuan", scale: 2 },
  { code: "JPY", name: "Japanese Yen", scale: 0 },
] as const;

export const SYSTEM_EMAIL = "platform@trade.internal";

/**
 * The platform's own rows every deployment needs: the default currencies, the SYSTEM user that
 * owns the cash accounts, and one cash account per currency. Idempotent.
 */
export async function bootstrapPlatform(db: Db): Promise<{ systemUserId: number }> {
  for (const c of DEFAULT_CURRENCIES) {
    await db.currency.upsert({ where: { code: c.code }, create: c, update: {} });
  }
  const system = await db.user.upsert({
    where: { email: SYSTEM_EMAIL },
    // Not a login: the hash below matches no password.
    create: { email: SYSTEM_EMAIL, name: "Trade platform", role: "SYSTEM", passwordHash: "!system" },
    update: {},
    select: { id: true },
  });
  await db.$executeRaw`
    INSERT INTO accounts (user_id, currency, kind)
    SELECT ${system.id}, c.code, 'CASH'::"AccountKind" FROM currencies c
    ON CONFLICT DO NOTHING`;
  forgetCurrencies();
  return { systemUserId: system.id };
}
