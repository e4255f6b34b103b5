import type { Db } from "@trade/db";
import { raiseAlert, type RaiseAlert } from "./alerts.ts";

export interface AlertPolicy {
  /** Freeze the member or merchant named by a newly raised CRITICAL alert. */
  autoFreeze: boolean;
}

export interface RaisedAlert {
  raised: boolean;
  /** The user frozen because of this alert, if any. */
  frozenUserId: number | null;
}

/**
 * Raises a deduplicated alert and applies the policy. Only a NEW alert can freeze: once an
 * operator has looked at the alert and unfrozen the user, the same finding (same dedupe key) does
 * not freeze them again. Only members and merchants are ever frozen automatically (never an
 * operator or the platform), and only if still active.
 */
export async function raiseWithPolicy(db: Db, alert: RaiseAlert, policy: AlertPolicy): Promise<RaisedAlert> {
  const raised = await raiseAlert(db, alert);
  const userId = alert.userId ?? null;
  if (!raised || !policy.autoFreeze || alert.severity !== "CRITICAL" || userId === null) return { raised, frozenUserId: null };
  const frozen = await db.user.updateMany({ where: { id: userId, role: { in: ["MEMBER", "MERCHANT"] }, status: "ACTIVE" }, data: { status: "FROZEN" } });
  if (frozen.count === 0) return { raised, frozenUserId: null };
  await db.$executeRaw`
    UPDATE risk_alerts SET details = details || jsonb_build_object('autoFrozen', true) WHERE dedupe_key = ${alert.dedupeKey}`;
  return { raised, frozenUserId: userId };
}
