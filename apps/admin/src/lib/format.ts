import { decimalsOf, formatMoney } from "@trade/api/money";
import { useLocale } from "next-intl";
import { useMemo } from "react";

/**
 * Money arrives as a decimal string already at its currency's scale ("12.50", "500"); when the
 * scale is not sent alongside, the string's own decimals are the scale.
 */
export function money(amount: string, currency: string, scale: number | undefined, locale: string): string {
  return formatMoney(amount, currency, scale ?? decimalsOf(amount), locale);
}

const toDate = (value: Date | string) => (typeof value === "string" ? new Date(value) : value);

/** "in 4 min", "2 hr. ago" ("4分钟后", "2小时前"): for deadlines such as an unpaid order's expiry. */
export function relativeTime(value: Date | string, locale: string, now = Date.now()): string {
  const ms = toDate(value).getTime() - now;
  const abs = Math.abs(ms);
  const [n, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 60_000
      ? [Math.round(abs / 1000), "second"]
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), "minute"]
        : abs < 86_400_000
          ? [Math.round(abs / 3_600_000), "hour"]
          : [Math.round(abs / 86_400_000), "day"];
  return new Intl.RelativeTimeFormat(locale, { style: "short", numeric: "always" }).format(ms >= 0 ? n : -n, unit);
}

/**
 * The formatters in the page's language (en, zh-CN): the admin's money, dates and counts all go
 * through here, so switching the language switches them too.
 */
export function useFormat() {
  const locale = useLocale();
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
    const count = new Intl.NumberFormat(locale);
    return {
      locale,
      money: (amount: string, currency: string, scale?: number) => money(amount, currency, scale, locale),
      formatDateTime: (value: Date | string | null | undefined) => (value ? dateTime.format(toDate(value)) : "—"),
      formatDate: (value: Date | string | null | undefined) => (value ? dateOnly.format(toDate(value)) : "—"),
      formatCount: (n: number) => count.format(n),
      relativeTime: (value: Date | string, now?: number) => relativeTime(value, locale, now),
    };
  }, [locale]);
}

/** `yyyy-mm-dd` (a date input's value) -> local midnight of that day. */
export function parseDateInput(value: string | null | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}
