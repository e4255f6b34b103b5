import type { Db } from "@trade/db";
import type { AlertPolicy } from "../alert-policy.ts";
import { hourBucket, raiseFindings, type RiskRulesConfig, type RuleOutcome } from "./config.ts";

/**
 * A member placing more than N orders within any 60 seconds (a sliding window over the recent
 * orders, so a burst split across two runs is still seen). One alert per member per hour.
 */
export async function orderVelocityRule(
  db: Db,
  config: RiskRulesConfig["orderVelocity"],
  policy: AlertPolicy,
  now: Date = new Date(),
): Promise<RuleOutcome> {
  const rows = await db.$queryRaw<{ buyer_id: number; peak: bigint; first_at: Date; last_at: Date }[]>`
    WITH recent AS (
      SELECT buyer_id, created_at,
             count(*) OVER (PARTITION BY buyer_id ORDER BY created_at RANGE BETWEEN interval '1 minute' PRECEDING AND CURRENT ROW) AS in_minute
        FROM orders
       WHERE created_at >= now() - make_interval(mins => ${config.lookbackMinutes}) - interval '1 minute'
    )
    SELECT buyer_id, max(in_minute) AS peak, min(created_at) AS first_at, max(created_at) AS last_at
      FROM recent GROUP BY buyer_id HAVING max(in_minute) > ${config.maxPerMinute}
     ORDER BY buyer_id`;
  return raiseFindings(
    db,
    "order_velocity",
    rows.map((r) => ({
      rule: "order_velocity",
      severity: "WARNING" as const,
      dedupeKey: `order_velocity:user:${r.buyer_id}:${hourBucket(now)}`,
      message: `Member ${r.buyer_id} placed ${r.peak} orders within one minute (limit ${config.maxPerMinute})`,
      userId: r.buyer_id,
      details: {
        peakPerMinute: Number(r.peak),
        limit: config.maxPerMinute,
        firstAt: r.first_at.toISOString(),
        lastAt: r.last_at.toISOString(),
      },
    })),
    policy,
  );
}
