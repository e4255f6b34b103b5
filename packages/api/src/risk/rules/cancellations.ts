import type { Db } from "@trade/db";
import type { AlertPolicy } from "../alert-policy.ts";
import { dayBucket, raiseFindings, type RiskRulesConfig, type RuleOutcome } from "./config.ts";

/**
 * Many cancelled or expired orders: of the orders a member placed in the window, at least `max`
 * ended CANCELLED or EXPIRED and they are at least `minRatio` of them (holding stock without
 * buying it). One alert per member per day.
 */
export async function cancellationsRule(
  db: Db,
  config: RiskRulesConfig["cancellations"],
  policy: AlertPolicy,
  now: Date = new Date(),
): Promise<RuleOutcome> {
  const rows = await db.$queryRaw<
    { buyer_id: number; closed: bigint; cancelled: bigint; expired: bigint; total: bigint }[]
  >`
    SELECT buyer_id,
           count(*) FILTER (WHERE status IN ('CANCELLED', 'EXPIRED')) AS closed,
           count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
           count(*) FILTER (WHERE status = 'EXPIRED') AS expired,
           count(*) AS total
      FROM orders
     WHERE created_at >= now() - make_interval(mins => ${config.windowMinutes})
     GROUP BY buyer_id
    HAVING count(*) FILTER (WHERE status IN ('CANCELLED', 'EXPIRED')) >= ${config.max}
       AND count(*) FILTER (WHERE status IN ('CANCELLED', 'EXPIRED')) >= ${config.minRatio}::float8 * count(*)
     ORDER BY buyer_id`;
  return raiseFindings(
    db,
    "cancellations",
    rows.map((r) => ({
      rule: "cancellations",
      severity: "WARNING" as const,
      dedupeKey: `cancellations:user:${r.buyer_id}:${dayBucket(now)}`,
      message: `Member ${r.buyer_id}: ${r.closed} of ${r.total} orders placed in the last ${config.windowMinutes} min were cancelled (${r.cancelled}) or expired (${r.expired})`,
      userId: r.buyer_id,
      details: {
        closed: Number(r.closed),
        cancelled: Number(r.cancelled),
        expired: Number(r.expired),
        total: Number(r.total),
        windowMinutes: config.windowMinutes,
      },
    })),
    policy,
  );
}
