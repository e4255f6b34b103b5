import type { SkuStatus, DbTx } from "@trade/db";
import { toWire } from "../money/server.ts";
import type { Inventory } from "../inventory/port.ts";
import { withStockFigures } from "../inventory/stock-view.ts";
import { listCurrencies } from "../wallet/currencies.ts";
import { requireOwnProduct } from "./merchant-products.ts";
import { attributesOf, merchantSkuSelect } from "./views.ts";

/**
 * One page of a product's SKUs for the admin table (keyset by id, oldest first) with the total,
 * so a product with a very large number of SKUs never loads them all at once.
 */
export async function pageProductSkus(
  db: DbTx,
  merchantId: number,
  input: { productId: number; q?: string; status?: SkuStatus; cursor?: number | null; limit: number },
  inventory?: Inventory,
) {
  await requireOwnProduct(db, merchantId, input.productId);
  const where = {
    productId: input.productId,
    merchantId,
    ...(input.status ? { status: input.status } : {}),
    ...(input.q ? { code: { contains: input.q, mode: "insensitive" as const } } : {}),
  };
  const [rows, total, currencies] = await Promise.all([
    db.sku.findMany({
      where: { ...where, ...(input.cursor ? { id: { gt: input.cursor } } : {}) },
      orderBy: { id: "asc" },
      take: input.limit + 1,
      select: merchantSkuSelect,
    }),
    db.sku.count({ where }),
    listCurrencies(db),
  ]);
  const scales = new Map(currencies.map((c) => [c.code, c.scale]));
  // Stock, held and sold: the SKU row plus its flash-sale buckets (remote mode: the inventory's).
  const page = await withStockFigures(inventory, db, rows.slice(0, input.limit));
  return {
    items: page.map((row) => {
      const scale = scales.get(row.currency) ?? 2;
      return { ...row, attributes: attributesOf(row.attributes), price: toWire(row.price, scale), scale };
    }),
    total,
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** UNPAID orders that include one of the product's SKUs: what delisting would leave open. */
export async function countUnpaidOrdersForProduct(
  db: DbTx,
  merchantId: number,
  productId: number,
): Promise<{ productId: number; unpaidOrders: number }> {
  await requireOwnProduct(db, merchantId, productId);
  const unpaidOrders = await db.order.count({
    where: { merchantId, status: "UNPAID", items: { some: { sku: { productId } } } },
  });
  return { productId, unpaidOrders };
}
