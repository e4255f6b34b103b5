import type { Db } from "@trade/db";
import { raiseAllWithPolicy, type AlertPolicy } from "../alert-policy.ts";
import type { RaiseAlert } from "../alerts.ts";

/** Thresholds of the risk rules. The job reads them from its environment; tests pass their own. */
export interface RiskRulesConfig {
  balanceDrift: {
    /** Longer than any transaction can stay open: entries this close to a snapshot may straddle it. */
    graceSeconds: number;
  };
  orderVelocity: {
    /** Alert when a member places more than this many orders within any 60 seconds. */
    maxPerMinute: number;
    /** How far back each run looks (a little more than the rules interval, so no burst is missed). */
    lookbackMinutes: number;
  };
  cancellations: {
    windowMinutes: number;
    /** Alert at this many CANCELLED or EXPIRED orders among those placed in the window... */
    max: number;
    /** ...when they are also at least this share of the member's orders in the window. */
    minRatio: number;
  };
  withdrawals: {
    /** Per currency, major units: a withdrawal at or above it is large. */
    largeThresholds: Record<string, string>;
    largeDefault: string;
    /** A withdrawal within this many minutes after a deposit in the same currency. */
    afterDepositMinutes: number;
    lookbackMinutes: number;
  };
  failedLogins: {
    windowMinutes: number;
    maxPerEmail: number;
    maxPerIp: number;
  };
}

export const DEFAULT_RISK_RULES: RiskRulesConfig = {
  balanceDrift: { graceSeconds: 60 },
  orderVelocity: { maxPerMinute: 30, lookbackMinutes: 5 },
  cancellations: { windowMinutes: 360, max: 10, minRatio: 0.5 },
  withdrawals: {
    largeThresholds: { USD: "5000", CNY: "35000", JPY: "750000" },
    largeDefault: "5000",
    afterDepositMinutes: 10,
    lookbackMinutes: 15,
  },
  failedLogins: { windowMinutes: 15, maxPerEmail: 5, maxPerIp: 20 },
};

export interface RuleOutcome {
  rule: string;
  /** Subjects over the threshold in this run (raised now or already alerted). */
  findings: number;
  /** Alerts newly raised by this run. */
  raised: number;
  frozenUserIds: number[];
}

/** `2026-11-26T10`: alerts about a continuing behaviour are raised at most once per hour. */
export const hourBucket = (at: Date): string => at.toISOString().slice(0, 13);
export const dayBucket = (at: Date): string => at.toISOString().slice(0, 10);

/** Raises a rule's findings in bulk (deduplicated) and sums up the run. */
export async function raiseFindings(
  db: Db,
  rule: string,
  findings: RaiseAlert[],
  policy: AlertPolicy,
): Promise<RuleOutcome> {
  const result = await raiseAllWithPolicy(db, findings, policy);
  return { rule, findings: findings.length, raised: result.raisedKeys.size, frozenUserIds: result.frozenUserIds };
}
