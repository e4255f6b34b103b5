import type { Db } from "@trade/db";
import type { AlertPolicy } from "../alert-policy.ts";
import type { RaiseAlert } from "../alerts.ts";
import { raiseFindings, type RiskRulesConfig, type RuleOutcome } from "./config.ts";

interface WithdrawalRow {
  id: number;
  user_id: number;
  currency: string;
  amount: string;
  status: string;
  large: boolean;
  threshold: string;
  deposit_id: number | null;
  deposit_amount: string | null;
  minutes_after: number | null;
}

/**
 * Recent withdrawals that are large for their currency, or follow a deposit in the same currency
 * within the cooling-off window (money passing straight through). One alert per withdrawal and
 * finding; the lookback is longer than the rules interval so nothing falls between two runs.
 */
export async function withdrawalsRule(
  db: Db,
  config: RiskRulesConfig["withdrawals"],
  policy: AlertPolicy,
): Promise<RuleOutcome> {
  const codes = Object.keys(config.largeThresholds);
  const amounts = codes.map((c) => config.largeThresholds[c] ?? config.largeDefault);
  const rows = await db.$queryRaw<WithdrawalRow[]>`
    SELECT w.id, w.user_id, w.currency, w.amount::text, w.status::text,
           w.amount >= coalesce(t.amount, ${config.largeDefault}::numeric) AS large,
           coalesce(t.amount, ${config.largeDefault}::numeric)::text AS threshold,
           d.id AS deposit_id, d.amount::text AS deposit_amount,
           (extract(epoch FROM w.created_at - d.created_at) / 60)::float8 AS minutes_after
      FROM withdrawals w
      LEFT JOIN unnest(${codes}::text[], ${amounts}::numeric[]) AS t(code, amount) ON t.code = w.currency
      LEFT JOIN LATERAL (
        SELECT d.id, d.amount, d.created_at FROM deposits d
         WHERE d.user_id = w.user_id AND d.currency = w.currency
           AND d.created_at <= w.created_at AND d.created_at >= w.created_at - make_interval(mins => ${config.afterDepositMinutes})
         ORDER BY d.id DESC LIMIT 1
      ) d ON true
     WHERE w.created_at >= now() - make_interval(mins => ${config.lookbackMinutes})
       AND (w.amount >= coalesce(t.amount, ${config.largeDefault}::numeric) OR d.id IS NOT NULL)
     ORDER BY w.id`;
  const findings: RaiseAlert[] = [];
  for (const w of rows) {
    if (w.large) {
      findings.push({
        rule: "withdrawal_large",
        severity: "WARNING",
        dedupeKey: `withdrawal_large:withdrawal:${w.id}`,
        message: `Withdrawal ${w.id} of ${w.amount} ${w.currency} by user ${w.user_id} is at or above ${w.threshold} ${w.currency} (${w.status})`,
        userId: w.user_id,
        details: {
          withdrawalId: w.id,
          amount: w.amount,
          currency: w.currency,
          threshold: w.threshold,
          status: w.status,
        },
      });
    }
    if (w.deposit_id !== null) {
      const minutes = Math.round((w.minutes_after ?? 0) * 10) / 10;
      findings.push({
        rule: "withdrawal_after_deposit",
        severity: "WARNING",
        dedupeKey: `withdrawal_after_deposit:withdrawal:${w.id}`,
        message: `Withdrawal ${w.id} of ${w.amount} ${w.currency} by user ${w.user_id} came ${minutes} min after deposit ${w.deposit_id} of ${w.deposit_amount} ${w.currency}`,
        userId: w.user_id,
        details: {
          withdrawalId: w.id,
          amount: w.amount,
          currency: w.currency,
          depositId: w.deposit_id,
          depositAmount: w.deposit_amount,
          minutesAfterDeposit: minutes,
          status: w.status,
        },
      });
    }
  }
  return raiseFindings(db, "withdrawals", findings, policy);
}
