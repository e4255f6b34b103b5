import type { Db } from "@trade/db";
import type { AlertPolicy } from "../alert-policy.ts";
import { hourBucket, raiseFindings, type RiskRulesConfig, type RuleOutcome } from "./config.ts";

/**
 * Repeated failed logins in the window, per email (password guessing on one account) and per IP
 * (one source trying many accounts). One alert per email or IP per hour.
 */
export async function failedLoginsRule(
  db: Db,
  config: RiskRulesConfig["failedLogins"],
  policy: AlertPolicy,
  now: Date = new Date(),
): Promise<RuleOutcome> {
  const byEmail = await db.$queryRaw<{ email: string; user_id: number | null; failures: bigint; ips: bigint }[]>`
    SELECT email, max(user_id) AS user_id, count(*) AS failures, count(DISTINCT ip) AS ips
      FROM login_events
     WHERE NOT success AND created_at >= now() - make_interval(mins => ${config.windowMinutes})
     GROUP BY email HAVING count(*) >= ${config.maxPerEmail}
     ORDER BY email`;
  const byIp = await db.$queryRaw<{ ip: string; failures: bigint; emails: bigint }[]>`
    SELECT ip, count(*) AS failures, count(DISTINCT email) AS emails
      FROM login_events
     WHERE NOT success AND created_at >= now() - make_interval(mins => ${config.windowMinutes})
     GROUP BY ip HAVING count(*) >= ${config.maxPerIp}
     ORDER BY ip`;

  const bucket = hourBucket(now);
  return raiseFindings(
    db,
    "failed_logins",
    [
      ...byEmail.map((r) => ({
        rule: "failed_logins",
        severity: "WARNING" as const,
        dedupeKey: `failed_logins:email:${r.email}:${bucket}`,
        message: `${r.failures} failed logins for ${r.email} from ${r.ips} IP(s) in the last ${config.windowMinutes} min`,
        userId: r.user_id,
        details: {
          email: r.email,
          failures: Number(r.failures),
          ips: Number(r.ips),
          windowMinutes: config.windowMinutes,
        },
      })),
      ...byIp.map((r) => ({
        rule: "failed_logins",
        severity: "WARNING" as const,
        dedupeKey: `failed_logins:ip:${r.ip}:${bucket}`,
        message: `${r.failures} failed logins from IP ${r.ip} for ${r.emails} email(s) in the last ${config.windowMinutes} min`,
        details: {
          ip: r.ip,
          failures: Number(r.failures),
          emails: Number(r.emails),
          windowMinutes: config.windowMinutes,
        },
      })),
    ],
    policy,
  );
}
