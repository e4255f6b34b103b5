import { decimalsOf } from "./decimal.ts";

/**
 * Display helpers safe for browser code (no Prisma, no floats for arithmetic): amounts arrive as
 * decimal strings and are only formatted here.
 */
export function formatMoney(amount: string, currency: string, scale: number, locale?: string): string {
  const negative = amount.startsWith("-");
  const [intPart = "0", frac = ""] = amount.replace(/^-/, "").split(".");
  const fraction = (frac + "0".repeat(scale)).slice(0, scale);
  const grouped = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true }).format(
    BigInt(intPart),
  );
  const decimalSep = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  const symbol = currencySymbol(currency, locale);
  const body = scale > 0 ? `${grouped}${decimalSep}${fraction}` : grouped;
  return `${negative ? "-" : ""}${symbol}${body}`;
}

// The standard symbol, not the narrow one: a shop selling in yen and yuan must not print "¥" for
// both (en: CNY "CN¥", JPY "¥"; zh-CN: CNY "¥", JPY "JP¥"). In Chinese "¥" is the yuan's sign, so
// the yen must be the one that gives way: when a locale's data (an older ICU, a small-icu Node)
// gives JPY the same symbol as CNY, JPY is forced to "JP¥", never CNY to something else.
function currencySymbol(currency: string, locale?: string): string {
  const symbol = intlSymbol(currency, locale);
  if (currency === "JPY" && symbol === intlSymbol("CNY", locale)) return "JP¥";
  return symbol;
}

function intlSymbol(currency: string, locale?: string): string {
  try {
    const part = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "symbol" })
      .formatToParts(0)
      .find((p) => p.type === "currency");
    return part ? part.value : `${currency} `;
  } catch {
    return `${currency} `;
  }
}

/** What is wrong with a typed amount, as a code the apps word in the reader's language. */
export type AmountProblem = "format" | "noDecimals" | "tooManyDecimals" | "notPositive";

/** Client-side check mirroring the server's parseAmount, for instant form feedback. */
export function amountProblemCode(input: string, scale: number): AmountProblem | null {
  if (!/^(0|[1-9]\d{0,15})(\.\d+)?$/.test(input.trim())) return "format";
  if (decimalsOf(input) > scale) return scale === 0 ? "noDecimals" : "tooManyDecimals";
  if (/^0(\.0*)?$/.test(input.trim())) return "notPositive";
  return null;
}

/** amountProblemCode in English words (API consumers, tests). */
export function amountProblem(input: string, scale: number): string | null {
  const code = amountProblemCode(input, scale);
  if (code === "format") return "Enter an amount like 12.50";
  if (code === "noDecimals") return "This currency has no decimals";
  if (code === "tooManyDecimals") return `At most ${scale} decimals`;
  if (code === "notPositive") return "The amount must be more than zero";
  return null;
}
