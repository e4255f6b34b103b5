import { prepared, Prisma } from "@trade/db";
import type { RawSql } from "./raw.ts";

/**
 * The slow path of a flash-sale placement, in a transaction of its own: no single bucket held
 * the quantity, so the SKU row is locked FOR SHARE (a mode switch waits) and every bucket of the
 * SKU FOR NO KEY UPDATE, waiting, in ascending bucket order (the documented lock order: SKU rows,
 * then that SKU's buckets), and their sum is read as of those locks. When it covers the quantity
 * the free units are spread again, evenly over as many buckets (lowest first) as can each hold
 * the quantity, so this buyer's next run finds one that does and later buyers still spread over
 * several. Without this a buyer would be refused while units sit thinly over several buckets:
 * stranded stock. Returns the sum of the buckets' free stock under lock; below `quantity` means
 * OUT_OF_STOCK is the true answer. Null: the SKU left flash mode meanwhile (the placement's next
 * run sees its normal mode).
 */
export async function consolidateBuckets(tx: RawSql, skuId: number, quantity: number): Promise<number | null> {
  const rows = await tx.$queryRaw<{ total: number; flash: boolean }[]>(
    prepared(Prisma.sql`
    WITH k AS MATERIALIZED (
      SELECT id FROM skus WHERE id = ${skuId} AND flash_buckets > 0 FOR SHARE
    ), b AS MATERIALIZED (
      SELECT bucket, stock, row_number() OVER (ORDER BY bucket) - 1 AS ord
        FROM (SELECT bucket, stock FROM sku_stock_buckets WHERE sku_id = (SELECT id FROM k) ORDER BY bucket FOR NO KEY UPDATE) x
    ), t AS MATERIALIZED (
      SELECT total, least((SELECT count(*) FROM b), total / ${quantity}::int)::int AS n
        FROM (SELECT coalesce(sum(stock), 0)::int AS total FROM b) s
    ), spread AS (
      UPDATE sku_stock_buckets x
         SET stock = CASE WHEN b.ord < t.n THEN t.total / t.n + CASE WHEN b.ord < t.total % t.n THEN 1 ELSE 0 END ELSE 0 END
        FROM t, b
       WHERE x.sku_id = ${skuId} AND x.bucket = b.bucket AND t.n > 0
      RETURNING 1
    )
    SELECT total, EXISTS (SELECT 1 FROM k) AS flash FROM t`),
  );
  const row = rows[0];
  return row?.flash ? row.total : null;
}
