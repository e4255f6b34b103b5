import { Badge, type BadgeTone } from "@trade/ui";
import { useTranslations } from "next-intl";

const statusTones = {
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
} as const satisfies Record<string, BadgeTone>;
type Known = keyof typeof statusTones;
const isKnown = (status: string): status is Known => Object.hasOwn(statusTones, status);

/** A status word (LISTED, UNPAID, FROZEN, CRITICAL, ...) in its colour and the page's language. */
export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("status");
  if (!isKnown(status)) return <Badge tone="neutral">{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
  return <Badge tone={statusTones[status]}>{t(status)}</Badge>;
}
