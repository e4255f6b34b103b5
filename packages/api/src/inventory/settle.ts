import { prepared, Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";

export type SettleMode = "consume" | "release";

/**
 * The statement body of a stock settlement, as CTEs (prefixed `st_`) for composing into a larger
 * statement (payment): `st_items` (the order's quantity per SKU), `st_locked` (MATERIALIZED: the
 * SKUs locked FOR NO KEY UPDATE in ascending id, only if `gate` holds) and `st_done` (the
 * update; one row per SKU settled). `consume` (paid: stock_locked -> sold) or `release`
 * (cancelled/expired: stock_locked -> stock). The CHECK constraints refuse a hold released twice.
 */
export function stockSettleCtes(orderId: number, mode: SettleMode, gate?: Prisma.Sql): Prisma.Sql {
  const set =
    mode === "consume"
      ? Prisma.sql`stock_locked = s.stock_locked - i.q, sold = s.sold + i.q`
      : Prisma.sql`stock_locked = s.stock_locked - i.q, stock = s.stock + i.q`;
  return Prisma.sql`
    st_items AS (
      SELECT sku_id, sum(quantity)::int AS q FROM order_items WHERE order_id = ${orderId} GROUP BY sku_id
    ), st_locked AS MATERIALIZED (
      SELECT s.id FROM skus s WHERE s.id IN (SELECT sku_id FROM st_items) ${gate ? Prisma.sql`AND ${gate}` : Prisma.empty}
       ORDER BY s.id FOR NO KEY UPDATE
    ), st_done AS (
      UPDATE skus s SET ${set}, updated_at = now()
        FROM st_items i JOIN st_locked k ON k.id = i.sku_id
       WHERE s.id = i.sku_id
      RETURNING s.id
    )`;
}

/** Resolves an order's stock hold for every SKU of the order in one statement (see `stockSettleCtes`). */
export async function settleStockHold(tx: DbTx, orderId: number, mode: SettleMode): Promise<void> {
  const rows = await tx.$queryRaw<{ id: number }[]>(
    prepared(Prisma.sql`WITH ${stockSettleCtes(orderId, mode)} SELECT id FROM st_done`),
  );
  if (rows.length === 0) fail("INTERNAL", { orderId }, "order has no stock hold");
}
