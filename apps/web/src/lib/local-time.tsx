"use client";

import { useLocale } from "next-intl";
import { useMounted } from "./use-mounted";

const styles: Record<string, Intl.DateTimeFormatOptions> = {
  datetime: { dateStyle: "medium", timeStyle: "short" },
  date: { dateStyle: "medium" },
  time: { timeStyle: "medium" },
};

/**
 * A date in the page's language (en, zh-CN) and the reader's own time zone. The time zone is only
 * known in the browser, so the server renders a neutral ISO date and the browser replaces it
 * after hydration.
 */
export function LocalTime({
  value,
  format = "datetime",
  className,
}: {
  value: Date | string;
  format?: keyof typeof styles;
  className?: string;
}) {
  const mounted = useMounted();
  const locale = useLocale();
  const date = typeof value === "string" ? new Date(value) : value;
  const text = mounted
    ? new Intl.DateTimeFormat(locale, styles[format]).format(date)
    : date
        .toISOString()
        .slice(0, format === "date" ? 10 : 16)
        .replace("T", " ");
  return (
    <time dateTime={date.toISOString()} className={className}>
      {text}
    </time>
  );
}
