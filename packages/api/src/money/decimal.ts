/**
 * Exact arithmetic on wire amounts ("12.50") for browser and server code alike, through integer
 * minor units (BigInt), never floats: sums, products, differences, comparisons. The server's
 * money type is Prisma's Decimal (amount.ts), which cannot ship to the browser; these work on the
 * decimal strings both sides exchange. `scale` is the currency's number of decimals; where it is
 * left out, the larger number of decimals of the operands is used (exact for any input).
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

/** How many decimals a decimal string has ("12.50" -> 2, "500" -> 0, " 1.5 " -> 1: as typed, padded). */
export function decimalsOf(amount: string): number {
  const trimmed = amount.trim();
  const dot = trimmed.indexOf(".");
  return dot < 0 ? 0 : trimmed.length - dot - 1;
}

const widest = (amounts: string[]) => Math.max(0, ...amounts.map(decimalsOf));

export function times(amount: string, quantity: number, scale = decimalsOf(amount)): string {
  return fromMinor(toMinor(amount, scale) * BigInt(quantity), scale);
}

export function sum(amounts: string[], scale = widest(amounts)): string {
  return fromMinor(
    amounts.reduce((total, a) => total + toMinor(a, scale), 0n),
    scale,
  );
}

export function minus(a: string, b: string, scale = widest([a, b])): string {
  return fromMinor(toMinor(a, scale) - toMinor(b, scale), scale);
}

export function compare(a: string, b: string, scale = widest([a, b])): -1 | 0 | 1 {
  const x = toMinor(a, scale);
  const y = toMinor(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(amount: string): boolean {
  return toMinor(amount, decimalsOf(amount)) === 0n;
}

/** The smallest and the largest of some amounts, as given (null for none). */
export function minMax(amounts: string[]): { min: string; max: string } | null {
  const [first, ...rest] = amounts;
  if (first === undefined) return null;
  let min = first;
  let max = first;
  for (const a of rest) {
    if (compare(a, min) < 0) min = a;
    if (compare(a, max) > 0) max = a;
  }
  return { min, max };
}

/**
 * a / b as a float, for drawing only (a bar's length, a chart point's height): never use it for
 * money that is shown, compared or sent.
 */
export function ratio(a: string, b: string): number {
  const scale = widest([a, b]);
  const divisor = toMinor(b, scale);
  return divisor === 0n ? 0 : Number(toMinor(a, scale)) / Number(divisor);
}
