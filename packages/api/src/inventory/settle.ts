import { prepared, Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";

/**
 * Resolves an order's stock hold, for every SKU of the order in one statement that locks the
 * SKUs in ascending id: `consume` (paid: stock_locked -> sold) or `release` (cancelled/expired:
 * stock_locked -> stock). The CHECK constraints refuse a hold released twice.
 */
export async function settleStockHold(tx: DbTx, orderId: number, mode: "consume" | "release"): Promise<void> {
  const set = mode === "consume"
    ? Prisma.sql`stock_locked = s.stock_locked - i.q, sold = s.sold + i.q`
    : Prisma.sql`stock_locked = s.stock_locked - i.q, stock = s.stock + i.q`;
  const rows = await tx.$queryRaw<{ id: number }[]>(prepared(Prisma.sql`
    WITH items AS (
      SELECT sku_id, sum(quantity)::int AS q FROM order_items WHERE order_id = ${orderId} GROUP BY sku_id
    ), locked AS MATERIALIZED (
      SELECT s.id FROM skus s WHERE s.id IN (SELECT sku_id FROM items) ORDER BY s.id FOR NO KEY UPDATE
    )
    UPDATE skus s SET ${set}, updated_at = now()
      FROM items i JOIN locked k ON k.id = i.sku_id
     WHERE s.id = i.sku_id
    RETURNING s.id`));
  if (rows.length === 0) fail("INTERNAL", { orderId }, "order has no stock hold");
}
