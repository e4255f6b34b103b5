import type { Db } from "@trade/db";
import type { AlertPolicy } from "../alert-policy.ts";
import { balanceDriftRule } from "./balance-drift.ts";
import { cancellationsRule } from "./cancellations.ts";
import type { RiskRulesConfig, RuleOutcome } from "./config.ts";
import { failedLoginsRule } from "./failed-logins.ts";
import { orderVelocityRule } from "./order-velocity.ts";
import { withdrawalsRule } from "./withdrawals.ts";

export { DEFAULT_RISK_RULES, type RiskRulesConfig, type RuleOutcome } from "./config.ts";
export { balanceDriftRule, cancellationsRule, failedLoginsRule, orderVelocityRule, withdrawalsRule };

export interface RulesRun {
  outcomes: RuleOutcome[];
  /** Rules that threw; the others still ran. */
  errors: { rule: string; error: unknown }[];
  ms: number;
}

/** Runs every rule once; one failing rule does not stop the others. */
export async function runRiskRules(
  db: Db,
  config: RiskRulesConfig,
  policy: AlertPolicy,
  now: Date = new Date(),
): Promise<RulesRun> {
  const startedAt = performance.now();
  const rules: [string, () => Promise<RuleOutcome>][] = [
    ["balance_drift", () => balanceDriftRule(db, config.balanceDrift, policy)],
    ["order_velocity", () => orderVelocityRule(db, config.orderVelocity, policy, now)],
    ["cancellations", () => cancellationsRule(db, config.cancellations, policy, now)],
    ["withdrawals", () => withdrawalsRule(db, config.withdrawals, policy)],
    ["failed_logins", () => failedLoginsRule(db, config.failedLogins, policy, now)],
  ];
  const run: RulesRun = { outcomes: [], errors: [], ms: 0 };
  for (const [rule, check] of rules) {
    try {
      run.outcomes.push(await check());
    } catch (error) {
      run.errors.push({ rule, error });
    }
  }
  run.ms = Math.round(performance.now() - startedAt);
  return run;
}
