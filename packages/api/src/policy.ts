import type { ApiEnv } from "./env.ts";

/**
 * The limits of who may do what (docs/security.md, "Who may do what") and the services' other
 * settings, read from the environment once (getAppDeps) and passed to the services that use
 * them, so a service never reads the environment and a test can set its own.
 */
export interface Policy {
  /** Open UNPAID orders one buyer may hold at once (0: no limit). */
  maxOpenOrders: number;
  /** Units of one SKU one buyer may hold in UNPAID orders at once (0: no limit). */
  maxHeldUnitsPerSku: number;
  /** Live API tokens per user. */
  maxTokensPerUser: number;
  /** Withdrawal approval thresholds by currency code (decimal strings, major units). */
  withdrawThresholds: Readonly<Record<string, string>>;
  /** Most one member may hold in one currency after a deposit (major units, decimal string). */
  maxMemberBalance: string;
  /** Most the platform may hold for all members in one currency (major units, decimal string). */
  maxPlatformBalance: string;
  /** How long an UNPAID order holds funds and stock (ORDER_TTL_SECONDS). */
  orderTtlSeconds: number;
  /** How long a storefront catalogue page stays cached in a process (CATALOG_CACHE_TTL_MS; 0: never). */
  catalogCacheTtlMs: number;
  /** Total attempts of a transaction on transient failures (TX_MAX_ATTEMPTS; bound to the client, configureTx). */
  txMaxAttempts: number;
}

export function policyFromEnv(env: ApiEnv): Policy {
  return {
    maxOpenOrders: env.HOLD_MAX_OPEN_ORDERS,
    maxHeldUnitsPerSku: env.HOLD_MAX_UNITS_PER_SKU,
    maxTokensPerUser: env.API_TOKENS_MAX_PER_USER,
    withdrawThresholds: env.WITHDRAW_APPROVAL_THRESHOLDS,
    maxMemberBalance: env.BALANCE_MAX_PER_MEMBER,
    maxPlatformBalance: env.BALANCE_MAX_PLATFORM,
    orderTtlSeconds: env.ORDER_TTL_SECONDS,
    catalogCacheTtlMs: env.CATALOG_CACHE_TTL_MS,
    txMaxAttempts: env.TX_MAX_ATTEMPTS,
  };
}
