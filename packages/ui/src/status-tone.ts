import type { BadgeTone } from "./badge";

/**
 * The colour of each status word the API sends (orders, products, SKUs, withdrawals, alerts,
 * users, alert severities), the same in both apps: an expired order is red in the shop and in
 * the back office.
 */
export const STATUS_TONES = {
  LISTED: "success",
  DRAFT: "neutral",
  DELISTED: "warning",
  UNPAID: "warning",
  PAID: "success",
  CANCELLED: "neutral",
  EXPIRED: "danger",
  PENDING: "warning",
  COMPLETED: "success",
  REJECTED: "danger",
  OPEN: "danger",
  ACKNOWLEDGED: "warning",
  RESOLVED: "success",
  ACTIVE: "success",
  FROZEN: "danger",
  INFO: "info",
  WARNING: "warning",
  CRITICAL: "danger",
} as const satisfies Record<string, BadgeTone>;

export type KnownStatus = keyof typeof STATUS_TONES;

export const isKnownStatus = (status: string): status is KnownStatus => Object.hasOwn(STATUS_TONES, status);
