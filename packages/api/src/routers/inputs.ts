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
