import type { Db } from "@trade/db";
import type { RaiseAlert } from "./alerts.ts";

export interface AlertPolicy {
  /** Freeze the member or merchant named by a newly raised CRITICAL alert. */
  autoFreeze: boolean;
}

export interface RaisedAlert {
  raised: boolean;
  /** The user frozen because of this alert, if any. */
  frozenUserId: number | null;
}

export interface RaisedAlerts {
  /** Dedupe keys of the alerts that are new (the others already existed). */
  raisedKeys: Set<string>;
  frozenUserIds: number[];
}

const CHUNK = 1_000;

/**
 * Raises deduplicated alerts in bulk (one INSERT ... ON CONFLICT DO NOTHING per thousand, the
 * same semantics as raiseAlert) and applies the policy. Only NEW alerts can freeze: once an
 * operator has looked at an alert and unfrozen the user, the same finding (same dedupe key) does
 * not freeze them again. Only members and merchants are frozen automatically (never an operator
 * or the platform), and only if active; the alerts that froze someone say so (`autoFrozen`).
 */
export async function raiseAllWithPolicy(db: Db, alerts: RaiseAlert[], policy: AlertPolicy): Promise<RaisedAlerts> {
  const raisedKeys = new Set<string>();
  const criticalNew: { key: string; userId: number }[] = [];
  for (let i = 0; i < alerts.length; i += CHUNK) {
    const chunk = alerts.slice(i, i + CHUNK);
    const rows = await db.$queryRaw<{ dedupe_key: string; user_id: number | null; severity: string }[]>`
      INSERT INTO risk_alerts (rule, severity, dedupe_key, message, user_id, details)
      SELECT a.rule, a.severity::"AlertSeverity", a.dedupe_key, a.message, a.user_id, a.details
        FROM unnest(${chunk.map((a) => a.rule)}::text[], ${chunk.map((a) => a.severity)}::text[], ${chunk.map((a) => a.dedupeKey)}::text[],
                    ${chunk.map((a) => a.message)}::text[], ${chunk.map((a) => a.userId ?? null)}::int[], ${chunk.map((a) => JSON.stringify(a.details ?? {}))}::jsonb[])
             AS a(rule, severity, dedupe_key, message, user_id, details)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING dedupe_key, user_id, severity::text`;
    for (const r of rows) {
      raisedKeys.add(r.dedupe_key);
      if (r.severity === "CRITICAL" && r.user_id !== null) criticalNew.push({ key: r.dedupe_key, userId: r.user_id });
    }
  }
  if (!policy.autoFreeze || criticalNew.length === 0) return { raisedKeys, frozenUserIds: [] };

  const frozen = await db.$queryRaw<{ id: number }[]>`
    UPDATE users SET status = 'FROZEN'
     WHERE id = ANY(${[...new Set(criticalNew.map((c) => c.userId))]}::int[]) AND role IN ('MEMBER', 'MERCHANT') AND status = 'ACTIVE'
    RETURNING id`;
  const frozenIds = new Set(frozen.map((f) => f.id));
  const keys = criticalNew.filter((c) => frozenIds.has(c.userId)).map((c) => c.key);
  if (keys.length > 0) {
    await db.$executeRaw`UPDATE risk_alerts SET details = details || jsonb_build_object('autoFrozen', true) WHERE dedupe_key = ANY(${keys}::text[])`;
  }
  return { raisedKeys, frozenUserIds: [...frozenIds].sort((a, b) => a - b) };
}

/** One alert: see raiseAllWithPolicy. */
export async function raiseWithPolicy(db: Db, alert: RaiseAlert, policy: AlertPolicy): Promise<RaisedAlert> {
  const result = await raiseAllWithPolicy(db, [alert], policy);
  return { raised: result.raisedKeys.size > 0, frozenUserId: result.frozenUserIds[0] ?? null };
}
