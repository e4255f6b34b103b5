import type { ProductStatus, SkuStatus } from "@trade/db";

/** The columns of a SKU a customer's view is made of (with its stock figures added). */
export const skuSelect = {
  id: true,
  productId: true,
  code: true,
  attributes: true,
  price: true,
  currency: true,
  status: true,
  stock: true,
} as const;

/** A merchant's view of a SKU: the customer's columns and what only its owner sees. */
export const merchantSkuSelect = {
  ...skuSelect,
  stockLocked: true,
  sold: true,
  flashBuckets: true,
  updatedAt: true,
} as const;

export interface SkuView {
  id: number;
  productId: number;
  code: string;
  attributes: Record<string, string>;
  price: string;
  currency: string;
  scale: number;
  status: SkuStatus;
  /** What a customer can still buy. */
  available: number;
}

export interface PriceRange {
  currency: string;
  scale: number;
  min: string;
  max: string;
}

export interface ProductCard {
  id: number;
  title: string;
  description: string;
  imageUrl: string | null;
  status: ProductStatus;
  merchant: { id: number; name: string };
  prices: PriceRange[];
  available: number;
}

export function attributesOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => typeof v === "string" || typeof v === "number")
      .map(([k, v]) => [k, String(v)]),
  );
}
