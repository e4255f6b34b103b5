import { Prisma } from "@trade/db";
import { rawSql, type InventoryDb } from "./db.ts";

export interface InventoryViolation {
  rule: string;
  skuId: number | null;
  detail: Record<string, unknown>;
}

/**
 * The inventory database's invariants (an empty list: all hold). Read in one REPEATABLE READ
 * snapshot so a concurrent Try or Confirm cannot show half of itself:
 * - no negative counter (SKU rows and buckets; the CHECKs say so too, this says it after the fact);
 * - per SKU, stock + held + sold (row and buckets) = the sum of its movements: units only move
 *   between the three counters, never appear or vanish, except through an audited movement;
 * - per SKU, held (row and buckets) = the units of its holds whose fence is TRIED: a confirmed
 *   or cancelled transaction holds nothing, a tried one exactly its lines;
 * - every hold belongs to a fence (a Try writes both or neither).
 */
export async function checkInventoryInvariants(db: InventoryDb): Promise<InventoryViolation[]> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // Whole-table sums: sequential scans are the right plans here (the pool turns them off, db.ts).
    await client.query("SET LOCAL enable_seqscan = on");
    const sql = rawSql(client);
    const rows = await sql.$queryRaw<{ rule: string; sku_id: number | null; detail: Record<string, unknown> }[]>(
      Prisma.sql`
      WITH figures AS (
        SELECT s.id, s.stock + coalesce(b.stock, 0) AS stock, s.stock_locked + coalesce(b.stock_locked, 0) AS held,
               s.sold + coalesce(b.sold, 0) AS sold,
               least(s.stock, s.stock_locked, s.sold, coalesce(b.min_counter, 0)) AS min_counter
          FROM skus s
          LEFT JOIN (SELECT sku_id, sum(stock)::bigint AS stock, sum(stock_locked)::bigint AS stock_locked, sum(sold)::bigint AS sold,
                            min(least(stock, stock_locked, sold)) AS min_counter
                       FROM sku_stock_buckets GROUP BY sku_id) b ON b.sku_id = s.id
      ), moved AS (
        SELECT sku_id, sum(delta)::bigint AS units FROM stock_movements GROUP BY sku_id
      ), holding AS (
        SELECT h.sku_id, sum(h.quantity)::bigint AS units FROM stock_holds h
          JOIN tcc_fences f ON f.tx_id = h.tx_id AND f.branch = 'stock' AND f.state = 'TRIED' GROUP BY h.sku_id
      )
      SELECT 'negative counter' AS rule, f.id AS sku_id, json_build_object('min', f.min_counter) AS detail
        FROM figures f WHERE f.min_counter < 0
      UNION ALL
      SELECT 'units = movements', f.id, json_build_object('stock', f.stock, 'held', f.held, 'sold', f.sold, 'movements', coalesce(m.units, 0))
        FROM figures f LEFT JOIN moved m ON m.sku_id = f.id WHERE f.stock + f.held + f.sold <> coalesce(m.units, 0)
      UNION ALL
      SELECT 'held = TRIED holds', f.id, json_build_object('held', f.held, 'holds', coalesce(h.units, 0))
        FROM figures f LEFT JOIN holding h ON h.sku_id = f.id WHERE f.held <> coalesce(h.units, 0)
      UNION ALL
      SELECT 'hold without fence', h.sku_id, json_build_object('txId', h.tx_id)
        FROM stock_holds h WHERE NOT EXISTS (SELECT 1 FROM tcc_fences f WHERE f.tx_id = h.tx_id AND f.branch = 'stock')
      ORDER BY 1, 2`,
    );
    await client.query("COMMIT");
    return rows.map((r) => ({ rule: r.rule, skuId: r.sku_id, detail: r.detail }));
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}
