import type { FilterSelect } from "@trade/ui";
import { useTranslations } from "next-intl";
import type { Messages } from "~/i18n/messages";

type StatusWord = keyof Messages["status"];

/** One of `statuses`, or undefined for any other text (no filter, or a stale or hand-edited link). */
export function pickStatus<S extends StatusWord>(statuses: readonly S[], value: string): S | undefined {
  return statuses.find((s) => s === value);
}

/** The status select of a list's FilterBar: "all", then each status in the page's language. */
export function useStatusSelect<S extends StatusWord>(
  statuses: readonly S[],
  select: { label: string; allLabel: string; value: S | undefined; onChange: (status: S | undefined) => void },
): FilterSelect {
  const t = useTranslations("status");
  // Widened to the word union: next-intl types a message key, not a generic one.
  const statusLabel = (s: StatusWord) => t(s);
  return {
    label: select.label,
    allLabel: select.allLabel,
    value: select.value ?? "",
    onChange: (value) => select.onChange(pickStatus(statuses, value)),
    options: statuses.map((s) => ({ value: s, label: statusLabel(s) })),
  };
}
