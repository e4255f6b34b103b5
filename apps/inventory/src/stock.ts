import {
  adjustStockIn,
  checkAdjustment,
  checkFlashBuckets,
  stockFigures,
  switchFlashMode,
  type RawSql,
  type StockAdjustment,
  type StockFigures,
} from "@trade/api/inventory";
import { fail } from "@trade/api/errors";
import { Prisma } from "@trade/db";
import { inTx, rawSql, type InventoryDb } from "./db.ts";

/**
 * The merchant-facing stock operations, run by the same rules as in local mode
 * (`@trade/api/inventory`): the order service calls them for its merchants (who own the SKU is
 * checked against `skus.merchant_id`, copied from the catalogue at registration).
 */
export async function adjust(db: InventoryDb, input: StockAdjustment): Promise<StockFigures> {
  checkAdjustment(input);
  return inTx(db, async (tx) => {
    await adjustStockIn(tx, input.merchantId, input, input.actorId);
    return one(tx, input.skuId);
  });
}

export function setFlash(
  db: InventoryDb,
  input: { merchantId: number; skuId: number; buckets: number },
): Promise<StockFigures> {
  checkFlashBuckets(input.buckets);
  return inTx(db, (tx) => switchFlashMode(tx, input.merchantId, input.skuId, input.buckets));
}

export interface NewSku {
  skuId: number;
  merchantId: number;
  stock: number;
}

/**
 * A SKU's inventory row with its initial stock, audited as a movement. Idempotent per SKU: a SKU
 * already registered (an earlier call, or the handover) is left as it is, whatever this call says,
 * so a retried registration or a repeated import never adds its units twice.
 */
export function register(db: InventoryDb, input: NewSku & { actorId: number }): Promise<void> {
  return inTx(db, async (tx) => void (await insertSkus(tx, [input], input.actorId, "registered")));
}

/** The handover from the order database (up to 1000 SKUs a call), idempotent as `register`. */
export function importSkus(db: InventoryDb, skus: NewSku[], actorId: number): Promise<{ imported: number }> {
  return inTx(db, async (tx) => ({ imported: await insertSkus(tx, skus, actorId, "handover") }));
}

async function insertSkus(tx: RawSql, skus: NewSku[], actorId: number, reason: string): Promise<number> {
  if (skus.length === 0) return 0;
  const sorted = [...skus].sort((a, b) => a.skuId - b.skuId);
  if (new Set(sorted.map((s) => s.skuId)).size !== sorted.length)
    fail("BAD_REQUEST", { field: "skus" }, "Each SKU once.");
  // One statement: the rows and their audit movements (stock > 0), whatever the batch's size.
  const rows = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    WITH ins AS (
      INSERT INTO skus (id, merchant_id, stock)
      SELECT * FROM unnest(${sorted.map((s) => s.skuId)}::int[], ${sorted.map((s) => s.merchantId)}::int[], ${sorted.map((s) => s.stock)}::int[])
      ON CONFLICT (id) DO NOTHING
      RETURNING id, stock
    ), mv AS (
      INSERT INTO stock_movements (sku_id, delta, reason, actor_id)
      SELECT id, stock, ${reason}, ${actorId}::int FROM ins WHERE stock > 0
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM mv)::int AS m`);
  return rows[0]?.n ?? 0;
}

export async function figures(db: InventoryDb, skuIds: number[]): Promise<StockFigures[]> {
  return stockFigures(rawSql(db.pool), [...new Set(skuIds)]);
}

async function one(tx: RawSql, skuId: number): Promise<StockFigures> {
  const [row] = await stockFigures(tx, [skuId]);
  if (!row) fail("NOT_FOUND", { resource: "sku" });
  return row;
}
