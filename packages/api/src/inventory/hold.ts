import type { DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { Money } from "../money/server.ts";

/**
 * Moves stock -> stock_locked for every line, in one statement that locks the SKUs in ascending
 * id (the global order) and only updates a row whose stock still covers the quantity, whose SKU
 * and product are still listed and whose price is still the one the order was priced at. A
 * refused line aborts the transaction with the precise reason. The lock is FOR NO KEY UPDATE so
 * it does not conflict with the FOR KEY SHARE that inserting order_items (FK to skus) takes.
 */
export async function holdStock(tx: DbTx, lines: { skuId: number; quantity: number; unitPrice: Money }[]): Promise<void> {
  const ids = lines.map((l) => l.skuId);
  const rows = await tx.$queryRaw<{ id: number }[]>`
    WITH wanted AS (
      SELECT * FROM unnest(${ids}::int[], ${lines.map((l) => l.quantity)}::int[], ${lines.map((l) => l.unitPrice.toString())}::numeric[]) AS w(id, qty, price)
    ), locked AS MATERIALIZED (
      SELECT s.id FROM skus s WHERE s.id = ANY(${ids}::int[]) ORDER BY s.id FOR NO KEY UPDATE
    )
    UPDATE skus s
       SET stock = s.stock - w.qty, stock_locked = s.stock_locked + w.qty, updated_at = now()
      FROM wanted w JOIN locked k ON k.id = w.id
     WHERE s.id = w.id AND s.stock >= w.qty AND s.status = 'LISTED' AND s.price = w.price
       AND EXISTS (SELECT 1 FROM products p WHERE p.id = s.product_id AND p.status = 'LISTED')
    RETURNING s.id`;
  if (rows.length === lines.length) return;
  const held = new Set(rows.map((r) => r.id));
  const refused = lines.find((l) => !held.has(l.skuId));
  const sku = refused ? await tx.sku.findUnique({ where: { id: refused.skuId }, select: { id: true, stock: true, status: true, price: true, product: { select: { status: true } } } }) : null;
  if (!sku || !refused) fail("NOT_FOUND", { resource: "sku" });
  if (sku.status !== "LISTED" || sku.product.status !== "LISTED") fail("NOT_LISTED", { skuId: sku.id });
  if (!sku.price.equals(refused.unitPrice)) fail("PRICE_CHANGED", { skuId: sku.id });
  fail("OUT_OF_STOCK", { skuId: sku.id, available: sku.stock });
}
