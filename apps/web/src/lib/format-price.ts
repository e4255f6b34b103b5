import { formatMoney } from "@trade/api/money";

function symbol(currency: string, locale: string, display: "narrowSymbol" | "symbol"): string | null {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: display }).formatToParts(0).find((p) => p.type === "currency")?.value ?? null;
  } catch {
    return null;
  }
}

/**
 * formatMoney (exact digits from the wire string, the currency's scale: "¥500", "$12.50") with
 * the locale's standard symbol where the narrow one is ambiguous: a shop selling in both yen and
 * yuan must not print "¥" for both (en: CNY "CN¥", JPY "¥"; zh: CNY "¥", JPY "JP¥").
 */
export function formatPrice(amount: string, currency: string, scale: number, locale: string): string {
  const text = formatMoney(amount, currency, scale, locale);
  const narrow = symbol(currency, locale, "narrowSymbol");
  const standard = symbol(currency, locale, "symbol");
  if (!narrow || !standard || narrow === standard || standard === currency) return text;
  const sign = text.startsWith("-") ? "-" : "";
  const unsigned = sign ? text.slice(1) : text;
  return unsigned.startsWith(narrow) ? `${sign}${standard}${unsigned.slice(narrow.length)}` : text;
}
