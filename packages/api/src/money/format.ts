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
// both (en: CNY "CN¥", JPY "¥"; zh: CNY "¥", JPY "JP¥").
function currencySymbol(currency: string, locale?: string): string {
  try {
    const part = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "symbol" })
      .formatToParts(0)
      .find((p) => p.type === "currency");
    return part ? part.value : `${currency} `;
  } catch {
    return `${currency} `;
  }
}

/** Client-side check mirroring the server's parseAmount, for instant form feedback. */
export function amountProblem(input: string, scale: number): string | null {
  if (!/^(0|[1-9]\d{0,15})(\.\d+)?$/.test(input.trim())) return "Enter an amount like 12.50";
  const decimals = input.includes(".") ? input.length - input.indexOf(".") - 1 : 0;
  if (decimals > scale) return scale === 0 ? "This currency has no decimals" : `At most ${scale} decimals`;
  if (/^0(\.0*)?$/.test(input.trim())) return "The amount must be more than zero";
  return null;
}
