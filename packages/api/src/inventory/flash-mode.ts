import { Prisma, type Db } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { skuFigures, type SkuFigures } from "./figures.ts";
import type { Inventory } from "./port.ts";
import { setFlashModeRemote } from "./remote-stock.ts";
import type { RawSql } from "./raw.ts";

/** The most buckets a SKU may have (CHECK skus_flash_buckets_range); see docs/performance.md for what more buckets buy. */
export const MAX_FLASH_BUCKETS = 64;

/**
 * Puts a SKU in flash-sale mode with `buckets` stock buckets, changes its bucket count, or with
 * 0 takes it back to normal mode. One transaction, under the SKU row's lock (FOR NO KEY UPDATE:
 * it waits for the placements holding it FOR SHARE, and new ones wait for it) and then every
 * bucket's, in ascending order:
 * - all free stock (the SKU row's and every bucket's) is gathered and spread evenly over buckets
 *   0..N-1 (N > 0), or put back on the SKU row (N = 0);
 * - sold units are folded into the SKU row;
 * - held units stay where they are held, with their orders: order_items.bucket never changes,
 *   so a payment or cancellation that read its items before this switch still finds its units.
 *   A bucket left holding units is kept (with no free stock) until they are settled; the others
 *   are deleted. Every reader counts the SKU as its row plus all its buckets, so the figures are
 *   the same before and after.
 * Remote mode: the same switch, run by the inventory service on its own database.
 */
export async function setFlashMode(
  db: Db,
  merchantId: number,
  skuId: number,
  buckets: number,
  inventory?: Inventory,
): Promise<SkuFigures> {
  checkFlashBuckets(buckets);
  if (inventory?.kind === "remote") return setFlashModeRemote(db, inventory, merchantId, skuId, buckets);
  return runTx(db, (tx) => switchFlashMode(tx, merchantId, skuId, buckets));
}

export function checkFlashBuckets(buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 0 || buckets > MAX_FLASH_BUCKETS)
    fail("BAD_REQUEST", { field: "buckets" }, `Between 0 and ${MAX_FLASH_BUCKETS} buckets.`);
}

/** `setFlashMode`'s work inside the caller's transaction (either database; buckets already checked). */
export async function switchFlashMode(
  tx: RawSql,
  merchantId: number,
  skuId: number,
  buckets: number,
): Promise<SkuFigures> {
  const sku = await lockOwnSku(tx, merchantId, skuId);
  const held = await tx.$queryRaw<{ stock: number; sold: number }[]>(Prisma.sql`
      SELECT coalesce(sum(stock), 0)::int AS stock, coalesce(sum(sold), 0)::int AS sold
        FROM (SELECT stock, sold FROM sku_stock_buckets WHERE sku_id = ${skuId} ORDER BY bucket FOR NO KEY UPDATE) b`);
  const free = sku.stock + (held[0]?.stock ?? 0);
  const sold = held[0]?.sold ?? 0;
  // Rows are updated in place, never deleted and re-inserted while they can hold free stock: a
  // placement that waited for this switch with an older snapshot follows a row's update to its
  // latest version, but cannot see a row inserted after its snapshot.
  if (buckets > 0)
    await tx.$executeRaw(Prisma.sql`
        INSERT INTO sku_stock_buckets (sku_id, bucket, stock)
        SELECT ${skuId}, g, ${Math.floor(free / buckets)}::int + CASE WHEN g < ${free % buckets}::int THEN 1 ELSE 0 END
          FROM generate_series(0, ${buckets - 1}::int) AS g
        ON CONFLICT (sku_id, bucket) DO UPDATE SET stock = EXCLUDED.stock, sold = 0`);
  await tx.$executeRaw(
    Prisma.sql`UPDATE sku_stock_buckets SET stock = 0, sold = 0 WHERE sku_id = ${skuId} AND bucket >= ${buckets}::int`,
  );
  await tx.$executeRaw(
    Prisma.sql`DELETE FROM sku_stock_buckets WHERE sku_id = ${skuId} AND bucket >= ${buckets}::int AND stock_locked = 0`,
  );
  await tx.$executeRaw(Prisma.sql`
      UPDATE skus SET stock = ${buckets > 0 ? 0 : free}::int, sold = sold + ${sold}::int, flash_buckets = ${buckets}::int, updated_at = now()
       WHERE id = ${skuId}`);
  return skuFigures(tx, skuId);
}

/** The merchant's own SKU, locked FOR NO KEY UPDATE (NOT_FOUND for anyone else's). */
export async function lockOwnSku(
  tx: RawSql,
  merchantId: number,
  skuId: number,
): Promise<{ stock: number; flash_buckets: number }> {
  const rows = await tx.$queryRaw<{ stock: number; flash_buckets: number }[]>(Prisma.sql`
    SELECT stock, flash_buckets FROM skus WHERE id = ${skuId} AND merchant_id = ${merchantId} FOR NO KEY UPDATE`);
  const sku = rows[0];
  if (!sku) fail("NOT_FOUND", { resource: "sku" });
  return sku;
}
