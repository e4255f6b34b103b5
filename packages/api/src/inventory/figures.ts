import { Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { RawSql } from "./raw.ts";

/**
 * A SKU's stock figures as every reader must count them: the SKU row plus all its stock buckets
 * (flash-sale mode, docs/database.md). In normal mode a SKU has no buckets, or only buckets that
 * still hold units of orders placed during a flash sale; either way the sum is the truth.
 */
export interface SkuFigures {
  id: number;
  stock: number;
  stockLocked: number;
  sold: number;
  flashBuckets: number;
}

/**
 * The SQL form, for raw readers: `LEFT JOIN LATERAL ${bucketSums("s")} bk ON true` gives
 * `bk.stock`, `bk.stock_locked`, `bk.sold` (zero without buckets) for the SKU aliased `s`.
 */
export function bucketSums(skuAlias: string): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(sum(b.stock), 0)::int AS stock, coalesce(sum(b.stock_locked), 0)::int AS stock_locked,
                            coalesce(sum(b.sold), 0)::int AS sold
                       FROM sku_stock_buckets b WHERE b.sku_id = ${Prisma.raw(`"${skuAlias}"`)}.id)`;
}

/**
 * The Prisma form: adds the bucket sums to rows read through the client, in one grouped query
 * for all of them. Not conditional on the mode: a SKU that left flash mode may keep buckets that
 * hold units of open orders.
 */
export async function withBucketFigures<T extends { id: number; stock: number; stockLocked?: number; sold?: number }>(
  db: DbTx,
  rows: T[],
): Promise<T[]> {
  if (rows.length === 0) return rows;
  const sums = await db.skuStockBucket.groupBy({
    by: ["skuId"],
    where: { skuId: { in: rows.map((r) => r.id) } },
    _sum: { stock: true, stockLocked: true, sold: true },
  });
  if (sums.length === 0) return rows;
  const byId = new Map(sums.map((s) => [s.skuId, s._sum]));
  return rows.map((row) => {
    const sum = byId.get(row.id);
    if (!sum) return row;
    return {
      ...row,
      stock: row.stock + (sum.stock ?? 0),
      ...(row.stockLocked !== undefined ? { stockLocked: row.stockLocked + (sum.stockLocked ?? 0) } : {}),
      ...(row.sold !== undefined ? { sold: row.sold + (sum.sold ?? 0) } : {}),
    };
  });
}

/**
 * The figures of the SKUs `ids` (row + buckets), as raw SQL so they read the same in the order
 * database and the inventory database. Unknown ids are left out.
 */
export async function stockFigures(db: RawSql, ids: number[]): Promise<SkuFigures[]> {
  if (ids.length === 0) return [];
  return db.$queryRaw<SkuFigures[]>(Prisma.sql`
    SELECT s.id, (s.stock + bk.stock)::int AS stock, (s.stock_locked + bk.stock_locked)::int AS "stockLocked",
           (s.sold + bk.sold)::int AS sold, s.flash_buckets AS "flashBuckets"
      FROM skus s LEFT JOIN LATERAL ${bucketSums("s")} bk ON true
     WHERE s.id = ANY(${ids}::int[]) ORDER BY s.id`);
}

/** One SKU's figures (row + buckets). */
export async function skuFigures(db: RawSql, skuId: number): Promise<SkuFigures> {
  const [figures] = await stockFigures(db, [skuId]);
  if (!figures) fail("NOT_FOUND", { resource: "sku" });
  return figures;
}
