import type { AlertSeverity, AlertStatus, Db, DbTx, Prisma } from "@trade/db";
import { fail } from "../errors/index.ts";

export interface RaiseAlert {
  rule: string;
  severity: AlertSeverity;
  /** Same key = same alert: raising it again while it exists changes nothing. */
  dedupeKey: string;
  message: string;
  userId?: number | null;
  details?: Prisma.InputJsonValue;
}

/** Inserts the alert unless one with the same dedupe key exists; true when newly raised. */
export async function raiseAlert(db: DbTx, alert: RaiseAlert): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO risk_alerts (rule, severity, dedupe_key, message, user_id, details)
    VALUES (${alert.rule}, ${alert.severity}::"AlertSeverity", ${alert.dedupeKey}, ${alert.message}, ${alert.userId ?? null}::int, ${JSON.stringify(alert.details ?? {})}::jsonb)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length > 0;
}

export async function listAlerts(db: DbTx, input: { status?: AlertStatus; cursor?: number | null; limit: number }) {
  const rows = await db.riskAlert.findMany({
    where: { ...(input.status ? { status: input.status } : {}), ...(input.cursor ? { id: { lt: input.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      rule: true,
      severity: true,
      status: true,
      message: true,
      details: true,
      createdAt: true,
      resolvedAt: true,
      user: { select: { id: true, email: true, name: true, status: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  return { items: page, nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function setAlertStatus(
  db: Db,
  operatorId: number,
  alertId: number,
  status: Exclude<AlertStatus, "OPEN">,
) {
  const result = await db.riskAlert.updateMany({
    where: { id: alertId },
    data: { status, ...(status === "RESOLVED" ? { resolvedAt: new Date(), resolvedById: operatorId } : {}) },
  });
  if (result.count === 0) fail("NOT_FOUND", { resource: "alert" });
  return { id: alertId, status };
}
