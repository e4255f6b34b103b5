import { z } from "zod";

/**
 * What a product or SKU may hold, whichever way it arrives: the single-row procedures
 * (`merchant.products.create`, `merchant.skus.create`) and every row of the CSV import are checked
 * by these same schemas, so the import cannot store what a form would refuse.
 */
export const productFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000),
  imageUrl: z
    .string()
    .trim()
    .max(2000)
    .regex(/^(https?:\/\/|\/|data:image\/svg\+xml)/, "an http(s) URL or a site path")
    .nullish(),
};

export const attributes = z
  .record(z.string().trim().min(1).max(40), z.string().trim().max(100))
  .refine((a) => Object.keys(a).length <= 10, "at most 10 attributes");

export const skuFields = {
  code: z.string().trim().min(1).max(64),
  attributes,
  /** Initial stock; adjustments may take stock + held + sold up to MAX_SKU_UNITS (inventory/limits.ts). */
  stock: z.number().int().min(0).max(10_000_000),
};

export const productInput = z.object(productFields);
export const skuShape = z.object(skuFields);
