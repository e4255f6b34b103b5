/**
 * Exact arithmetic on wire amounts ("12.50") in the browser, through integer minor units
 * (BigInt), never floats. Only what the storefront needs: sums, products, comparisons.
 */
export function toMinor(amount: string, scale: number): bigint {
  const negative = amount.trim().startsWith("-");
  const [intPart = "0", frac = ""] = amount.trim().replace(/^[-+]/, "").split(".");
  const digits = `${intPart || "0"}${(frac + "0".repeat(scale)).slice(0, scale)}`;
  const value = BigInt(/^\d+$/.test(digits) ? digits : "0");
  return negative ? -value : value;
}

export function fromMinor(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, "0");
  const body = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${body}` : body;
}

export function times(amount: string, quantity: number, scale: number): string {
  return fromMinor(toMinor(amount, scale) * BigInt(quantity), scale);
}

export function sum(amounts: string[], scale: number): string {
  return fromMinor(
    amounts.reduce((total, a) => total + toMinor(a, scale), 0n),
    scale,
  );
}

export function minus(a: string, b: string, scale: number): string {
  return fromMinor(toMinor(a, scale) - toMinor(b, scale), scale);
}

export function compare(a: string, b: string, scale: number): -1 | 0 | 1 {
  const x = toMinor(a, scale);
  const y = toMinor(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}
