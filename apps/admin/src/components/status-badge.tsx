import { Badge, type BadgeTone } from "@trade/ui";

const statusTones: Record<string, BadgeTone> = {
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
};

/** A status word (LISTED, UNPAID, FROZEN, CRITICAL, ...) in its colour, readable as text too. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTones[status] ?? "neutral"}>{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
}
