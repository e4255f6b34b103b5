import type { ApiEnv } from "./env.ts";

/**
 * The limits of who may do what (docs/security.md, "Who may do what"), read from the environment
 * once and passed to the services that enforce them, so a test can set its own.
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
}

export function policyFromEnv(env: ApiEnv): Policy {
  return {
    maxOpenOrders: env.HOLD_MAX_OPEN_ORDERS,
    maxHeldUnitsPerSku: env.HOLD_MAX_UNITS_PER_SKU,
    maxTokensPerUser: env.API_TOKENS_MAX_PER_USER,
    withdrawThresholds: env.WITHDRAW_APPROVAL_THRESHOLDS,
    maxMemberBalance: env.BALANCE_MAX_PER_MEMBER,
    maxPlatformBalance: env.BALANCE_MAX_PLATFORM,
  };
}
