import { Badge, isKnownStatus, STATUS_TONES } from "@trade/ui";
import { useTranslations } from "next-intl";

/** A status word (LISTED, UNPAID, FROZEN, CRITICAL, ...) in its colour and the page's language. */
export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("status");
  if (!isKnownStatus(status)) return <Badge tone="neutral">{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
  return <Badge tone={STATUS_TONES[status]}>{t(status)}</Badge>;
}
