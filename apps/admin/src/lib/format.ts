import { formatMoney } from "@trade/api/money";

/**
 * Money arrives as a decimal string already at its currency's scale ("12.50", "500"); when the
 * scale is not sent alongside, the string's own decimals are the scale.
 */
export function money(amount: string, currency: string, scale?: number): string {
  const decimals = scale ?? (amount.includes(".") ? amount.length - amount.indexOf(".") - 1 : 0);
  return formatMoney(amount, currency, decimals);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return dateTime.format(typeof value === "string" ? new Date(value) : value);
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return dateOnly.format(typeof value === "string" ? new Date(value) : value);
}

/** "in 4 min", "2 h ago": for deadlines such as an unpaid order's expiry. */
export function relativeTime(value: Date | string, now = Date.now()): string {
  const ms = (typeof value === "string" ? new Date(value) : value).getTime() - now;
  const abs = Math.abs(ms);
  const [n, unit] =
    abs < 60_000
      ? [Math.round(abs / 1000), "s"]
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), "min"]
        : abs < 86_400_000
          ? [Math.round(abs / 3_600_000), "h"]
          : [Math.round(abs / 86_400_000), "d"];
  return ms >= 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat().format(n);
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
