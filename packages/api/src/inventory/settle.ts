import { prepared, Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";

export type SettleMode = "consume" | "release";

/**
 * The statement body of a stock settlement, as CTEs (prefixed `st_`) for composing into a larger
 * statement (payment): `st_items` (the order's quantity per SKU and the bucket that holds it),
 * the locks (only if `gate` holds), the updates, and `st_done` (one row per SKU line settled).
 * `consume` (paid: stock_locked -> sold) or `release` (cancelled/expired: stock_locked -> stock).
 * The CHECK constraints refuse a hold released twice.
 *
 * Units held in a flash-sale bucket (order_items.bucket) are settled in that bucket, whatever the
 * SKU's mode is now: an item's bucket never changes and a bucket holding units is never deleted
 * (`flash-mode.ts`), so a statement that read the item before a mode switch committed cannot
 * settle in the wrong row. Consuming such units locks only the bucket, never the SKU row: a
 * payment during a flash sale does not queue behind the buyers' FOR SHARE locks.
 */
export function stockSettleCtes(orderId: number, mode: SettleMode, gate?: Prisma.Sql): Prisma.Sql {
  const gated = gate ? Prisma.sql`AND ${gate}` : Prisma.empty;
  return mode === "consume" ? consumeCtes(orderId, gated) : releaseCtes(orderId, gated);
}

function consumeCtes(orderId: number, gated: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    st_items AS (
      SELECT sku_id, bucket, sum(quantity)::int AS q FROM order_items WHERE order_id = ${orderId} GROUP BY sku_id, bucket
    ), st_locked AS MATERIALIZED (
      SELECT s.id FROM skus s WHERE s.id IN (SELECT sku_id FROM st_items WHERE bucket IS NULL) ${gated}
       ORDER BY s.id FOR NO KEY UPDATE
    ), st_blocked AS MATERIALIZED (
      -- After the SKU rows (lock order: SKUs, then buckets by SKU and bucket).
      SELECT b.sku_id, b.bucket FROM sku_stock_buckets b
       WHERE (b.sku_id, b.bucket) IN (SELECT sku_id, bucket FROM st_items) AND (SELECT count(*) FROM st_locked) >= 0 ${gated}
       ORDER BY b.sku_id, b.bucket FOR NO KEY UPDATE
    ), st_rows AS (
      UPDATE skus s SET stock_locked = s.stock_locked - i.q, sold = s.sold + i.q, updated_at = now()
        FROM st_items i JOIN st_locked k ON k.id = i.sku_id
       WHERE s.id = i.sku_id AND i.bucket IS NULL
      RETURNING s.id
    ), st_buckets AS (
      UPDATE sku_stock_buckets b SET stock_locked = b.stock_locked - i.q, sold = b.sold + i.q
        FROM st_items i JOIN st_blocked k ON k.sku_id = i.sku_id AND k.bucket = i.bucket
       WHERE b.sku_id = i.sku_id AND b.bucket = i.bucket
      RETURNING b.sku_id
    ), st_done AS (
      SELECT id FROM st_rows UNION ALL SELECT sku_id FROM st_buckets
    )`;
}

function releaseCtes(orderId: number, gated: Prisma.Sql): Prisma.Sql {
  // Freed units go where the SKU's mode (read under its lock) sells from: a bucket in flash mode
  // (the one that held them, or for units held on the SKU row a bucket chosen by the order id),
  // the SKU row in normal mode. Anywhere else they would be stranded: not sold, yet counted.
  return Prisma.sql`
    st_items AS (
      SELECT sku_id, bucket, sum(quantity)::int AS q FROM order_items WHERE order_id = ${orderId} GROUP BY sku_id, bucket
    ), st_locked AS MATERIALIZED (
      SELECT s.id, s.flash_buckets FROM skus s WHERE s.id IN (SELECT sku_id FROM st_items) ${gated}
       ORDER BY s.id FOR NO KEY UPDATE
    ), st_plan AS MATERIALIZED (
      SELECT i.sku_id, i.q, i.bucket AS held_in,
             CASE WHEN k.flash_buckets = 0 THEN NULL ELSE coalesce(i.bucket, ${orderId}::int % k.flash_buckets) END AS back_to
        FROM st_items i JOIN st_locked k ON k.id = i.sku_id
    ), st_blocked AS MATERIALIZED (
      SELECT b.sku_id, b.bucket FROM sku_stock_buckets b
       WHERE (b.sku_id, b.bucket) IN (SELECT sku_id, held_in FROM st_plan UNION SELECT sku_id, back_to FROM st_plan)
       ORDER BY b.sku_id, b.bucket FOR NO KEY UPDATE
    ), st_rows AS (
      UPDATE skus s SET stock_locked = s.stock_locked - CASE WHEN p.held_in IS NULL THEN p.q ELSE 0 END,
                        stock = s.stock + CASE WHEN p.back_to IS NULL THEN p.q ELSE 0 END, updated_at = now()
        FROM st_plan p
       WHERE s.id = p.sku_id AND (p.held_in IS NULL OR p.back_to IS NULL)
      RETURNING s.id
    ), st_buckets AS (
      UPDATE sku_stock_buckets b SET stock_locked = b.stock_locked - CASE WHEN b.bucket = p.held_in THEN p.q ELSE 0 END,
                                     stock = b.stock + CASE WHEN b.bucket = p.back_to THEN p.q ELSE 0 END
        FROM st_plan p JOIN st_blocked k ON k.sku_id = p.sku_id
       WHERE b.sku_id = k.sku_id AND b.bucket = k.bucket
      RETURNING b.sku_id, b.bucket
    ), st_done AS (
      -- A line is settled when every row it needed moved (the SKU row and/or its buckets).
      SELECT p.sku_id AS id FROM st_plan p
       WHERE (p.held_in IS NULL OR p.back_to IS NULL) = EXISTS (SELECT 1 FROM st_rows r WHERE r.id = p.sku_id)
         AND (SELECT count(*) FROM st_buckets b WHERE b.sku_id = p.sku_id AND b.bucket IN (p.held_in, p.back_to))
             = (SELECT count(DISTINCT x) FROM unnest(ARRAY[p.held_in, p.back_to]) AS x)
    )`;
}

/** Resolves an order's stock hold for every SKU of the order in one statement (see `stockSettleCtes`). */
export async function settleStockHold(tx: DbTx, orderId: number, mode: SettleMode): Promise<void> {
  const rows = await tx.$queryRaw<{ done: bigint; items: bigint }[]>(
    prepared(Prisma.sql`WITH ${stockSettleCtes(orderId, mode)}
      SELECT (SELECT count(*) FROM st_done) AS done, (SELECT count(*) FROM st_items) AS items`),
  );
  const row = rows[0];
  // Throwing rolls the transaction back: a hold is settled whole or not at all.
  if (!row || row.items === 0n || row.done !== row.items)
    fail("INTERNAL", { orderId }, "order stock hold not settled in full");
}
