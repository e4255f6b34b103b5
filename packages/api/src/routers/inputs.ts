import { z } from "zod";

/** Shared input shapes. Money is always a decimal string; the service checks it per currency. */
export const money = z.string().min(1).max(40);
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3,8}$/, "a currency code such as USD");
export const id = z.number().int().positive().max(2_147_483_647);
export const idempotencyKey = z
  .string()
  .trim()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_\-:.]+$/, "letters, digits and - _ : . only");
export const limit = z.number().int().min(1).max(100).default(20);
export const intCursor = id.nullish();
/** Ledger entry ids are bigint: a cursor is a positive decimal within PostgreSQL's int8. */
export const bigintCursor = z
  .string()
  .max(19)
  // One check, not regex + refine: zod runs every check, and BigInt() throws on a non-number.
  .refine((c) => /^[1-9]\d{0,18}$/.test(c) && BigInt(c) <= 9_223_372_036_854_775_807n, "a cursor returned by this list")
  .nullish();
/** A date filter within what the shop can hold (PostgreSQL's range is narrower than JavaScript's). */
export const dateFilter = z.date().min(new Date("2000-01-01T00:00:00Z")).max(new Date("2200-01-01T00:00:00Z"));
