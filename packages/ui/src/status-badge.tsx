import type { ReactNode } from "react";
import { Badge } from "./badge";
import { isKnownStatus, STATUS_TONES } from "./status-tone";

/**
 * A status the API sends (UNPAID, LISTED, FROZEN, CRITICAL, ...) in its colour, with a dot so
 * colour is not its only sign; `label` is the word in the page's language (the apps' messages).
 * A status the table does not know reads neutral rather than failing.
 */
export function StatusBadge({ status, label, ...rest }: { status: string; label: ReactNode; "data-testid"?: string }) {
  return (
    <Badge tone={isKnownStatus(status) ? STATUS_TONES[status] : "neutral"} {...rest}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {label}
    </Badge>
  );
}
