import { prepared, Prisma } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { RawSql } from "./raw.ts";

export type SettleMode = "consume" | "release";

/**
 * Where a stock hold's lines are kept: an order's items in the order database (local mode), a
 * global transaction's `stock_holds` in the inventory database (remote mode). Same columns
 * (sku_id, bucket, quantity), so the settlement below is one statement for both.
 */
export interface HoldSource {
  /** A FROM item with the columns sku_id, bucket, quantity: the hold's lines. */
  lines: Prisma.Sql;
  /** An int, stable for the hold: picks the bucket that released units go back to (flash mode). */
  spread: Prisma.Sql;
  /** Named in an error. */
  ref: Record<string, string | number>;
}

/** An order's hold in the order database. */
export function orderHolds(orderId: number): HoldSource {
  return {
    lines: Prisma.sql`order_items WHERE order_id = ${orderId}`,
    spread: Prisma.sql`${orderId}::int`,
    ref: { orderId },
  };
}

/** A global transaction's hold in the inventory database. */
export function txHolds(txId: string): HoldSource {
  return {
    lines: Prisma.sql`stock_holds WHERE tx_id = ${txId}`,
    spread: Prisma.sql`(hashtext(${txId}::text) & 2147483647)`,
    ref: { txId },
  };
}

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
export function stockSettleCtes(holds: number | HoldSource, mode: SettleMode, gate?: Prisma.Sql): Prisma.Sql {
  const source = typeof holds === "number" ? orderHolds(holds) : holds;
  const gated = gate ? Prisma.sql`AND ${gate}` : Prisma.empty;
  return mode === "consume" ? consumeCtes(source, gated) : releaseCtes(source, gated);
}

function consumeCtes(source: HoldSource, gated: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    st_items AS (
      SELECT sku_id, bucket, sum(quantity)::int AS q FROM ${source.lines} GROUP BY sku_id, bucket
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

function releaseCtes(source: HoldSource, gated: Prisma.Sql): Prisma.Sql {
  // Freed units go where the SKU's mode (read under its lock) sells from: a bucket in flash mode
  // (the one that held them, or for units held on the SKU row a bucket chosen by the hold: `spread`),
  // the SKU row in normal mode. Anywhere else they would be stranded: not sold, yet counted.
  return Prisma.sql`
    st_items AS (
      SELECT sku_id, bucket, sum(quantity)::int AS q FROM ${source.lines} GROUP BY sku_id, bucket
    ), st_locked AS MATERIALIZED (
      SELECT s.id, s.flash_buckets FROM skus s WHERE s.id IN (SELECT sku_id FROM st_items) ${gated}
       ORDER BY s.id FOR NO KEY UPDATE
    ), st_plan AS MATERIALIZED (
      SELECT i.sku_id, i.q, i.bucket AS held_in,
             CASE WHEN k.flash_buckets = 0 THEN NULL ELSE coalesce(i.bucket, ${source.spread} % k.flash_buckets) END AS back_to
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
export function settleStockHold(tx: RawSql, orderId: number, mode: SettleMode): Promise<void> {
  return settleHolds(tx, orderHolds(orderId), mode);
}

/** Resolves a hold (an order's or a global transaction's) for every SKU it holds, in one statement. */
export async function settleHolds(tx: RawSql, source: HoldSource, mode: SettleMode): Promise<void> {
  const rows = await tx.$queryRaw<{ done: number; items: number }[]>(
    prepared(Prisma.sql`WITH ${stockSettleCtes(source, mode)}
      SELECT (SELECT count(*) FROM st_done)::int AS done, (SELECT count(*) FROM st_items)::int AS items`),
  );
  const row = rows[0];
  // Throwing rolls the transaction back: a hold is settled whole or not at all.
  if (!row || row.items === 0 || row.done !== row.items) fail("INTERNAL", source.ref, "stock hold not settled in full");
}
