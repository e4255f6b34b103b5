import { isKnownStatus, StatusBadge } from "@trade/ui";
import { useTranslations } from "next-intl";

/** The kit's StatusBadge with the admin's word for the status ("status" messages). */
export function LocalizedStatus({ status }: { status: string }) {
  const t = useTranslations("status");
  // A status the messages lack (a newer API) shows as the API's word, capitalised.
  const label = isKnownStatus(status) ? t(status) : status.charAt(0) + status.slice(1).toLowerCase();
  return <StatusBadge status={status} label={label} />;
}
