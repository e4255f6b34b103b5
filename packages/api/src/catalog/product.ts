import type { Inventory } from "../inventory/port.ts";
import { withStockFigures } from "../inventory/stock-view.ts";
import type { DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import { toWire } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";
import { attributesOf, skuSelect, type SkuView } from "./views.ts";

export interface ProductDetail {
  id: number;
  title: string;
  description: string;
  imageUrl: string | null;
  merchant: { id: number; name: string };
  skus: SkuView[];
}

/** A listed product with its listed SKUs; anything else is NOT_FOUND for customers. */
export async function getListedProduct(db: DbTx, productId: number, inventory?: Inventory): Promise<ProductDetail> {
  const product = await db.product.findFirst({
    where: { id: productId, status: "LISTED" },
    select: {
      id: true,
      title: true,
      description: true,
      imageUrl: true,
      merchant: { select: { id: true, name: true } },
      skus: { where: { status: "LISTED" }, orderBy: { id: "asc" }, select: skuSelect },
    },
  });
  if (!product) fail("NOT_FOUND", { resource: "product" });
  return { ...product, skus: await toSkuViews(db, product.skus, inventory) };
}

type SkuRow = {
  id: number;
  productId: number;
  code: string;
  attributes: unknown;
  price: { toString(): string };
  currency: string;
  status: "LISTED" | "DELISTED";
  stock: number;
};

export async function toSkuViews(db: DbTx, skus: SkuRow[], inventory?: Inventory): Promise<SkuView[]> {
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  // Available: the SKU row plus its flash-sale buckets (remote mode: the inventory's figures).
  const rows = await withStockFigures(inventory, db, skus);
  return rows.map((s) => {
    const scale = scales.get(s.currency) ?? 2;
    return {
      id: s.id,
      productId: s.productId,
      code: s.code,
      attributes: attributesOf(s.attributes),
      price: toWire(s.price.toString(), scale),
      currency: s.currency,
      scale,
      status: s.status,
      available: s.stock,
    };
  });
}
