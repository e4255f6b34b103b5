import { Prisma } from "@trade/db";
import { fail } from "../errors/index.ts";
import { decimalsOf } from "./decimal.ts";

/** The one money type on the server: an exact decimal. On the wire money is a decimal string. */
export type Money = Prisma.Decimal;
export const Money = Prisma.Decimal;

/** Amounts at or above this are refused as input (guards overflow and absurd requests). */
export const MAX_AMOUNT = new Prisma.Decimal("1000000000000"); // 10^12 in major units

const DECIMAL_STRING = /^(0|[1-9]\d{0,15})(\.\d{1,8})?$/;

/**
 * Parses a user-supplied amount for a currency of `scale` decimals. Refuses anything that is not a
 * plain positive decimal string with at most `scale` decimals and below MAX_AMOUNT: "-1", "0",
 * "1e3", "NaN", "0.001" for USD, "1.5" for JPY.
 */
export function parseAmount(input: string, scale: number, field = "amount"): Money {
  if (!DECIMAL_STRING.test(input)) fail("INVALID_AMOUNT", { field, reason: "format" });
  if (decimalsOf(input) > scale) fail("INVALID_AMOUNT", { field, reason: "scale", scale });
  const value = new Prisma.Decimal(input);
  if (value.lte(0)) fail("INVALID_AMOUNT", { field, reason: "not_positive" });
  if (value.gte(MAX_AMOUNT)) fail("INVALID_AMOUNT", { field, reason: "too_large" });
  return value;
}

/** Wire format: exactly `scale` decimals ("12.50", "500"). */
export function toWire(value: Money | string | number, scale: number): string {
  return new Prisma.Decimal(value).toFixed(scale);
}
