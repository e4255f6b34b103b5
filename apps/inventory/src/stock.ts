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

/** A handed-over SKU also brings the units its open orders hold, one hold per global transaction. */
export interface ImportedSku extends NewSku {
  holds?: { txId: string; quantity: number }[];
}

/**
 * The handover from the order database (up to 1000 SKUs a call), idempotent as `register`. A
 * SKU's holds arrive as TRIED transactions (a fence TRIED and a hold on the SKU row per txId,
 * `stock_locked` their sum), so the coordinator's Confirm or Cancel of the order's txId settles
 * them exactly as a Try's (handover.ts in @trade/api). An order of several SKUs has one txId: its
 * fence is written by the first SKU imported, the later ones add their holds under it.
 */
export function importSkus(db: InventoryDb, skus: ImportedSku[], actorId: number): Promise<{ imported: number }> {
  return inTx(db, async (tx) => ({ imported: await insertSkus(tx, skus, actorId, "handover") }));
}

async function insertSkus(tx: RawSql, skus: ImportedSku[], actorId: number, reason: string): Promise<number> {
  if (skus.length === 0) return 0;
  const sorted = [...skus].sort((a, b) => a.skuId - b.skuId);
  if (new Set(sorted.map((s) => s.skuId)).size !== sorted.length)
    fail("BAD_REQUEST", { field: "skus" }, "Each SKU once.");
  const holds = sorted.flatMap((s) => (s.holds ?? []).map((h) => ({ skuId: s.skuId, ...h })));
  if (new Set(holds.map((h) => `${h.txId}/${h.skuId}`)).size !== holds.length)
    fail("BAD_REQUEST", { field: "holds" }, "Each transaction once per SKU.");
  const held = sorted.map((s) => (s.holds ?? []).reduce((n, h) => n + h.quantity, 0));
  // One statement: the rows, their audit movements (all their units) and, for the SKUs this call
  // inserted (a known SKU is left as it is, holds and all), their holds and fences.
  const rows = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    WITH ins AS (
      INSERT INTO skus (id, merchant_id, stock, stock_locked)
      SELECT * FROM unnest(${sorted.map((s) => s.skuId)}::int[], ${sorted.map((s) => s.merchantId)}::int[], ${sorted.map((s) => s.stock)}::int[], ${held}::int[])
      ON CONFLICT (id) DO NOTHING
      RETURNING id, stock, stock_locked
    ), mv AS (
      INSERT INTO stock_movements (sku_id, delta, reason, actor_id)
      SELECT id, stock + stock_locked, ${reason}, ${actorId}::int FROM ins WHERE stock + stock_locked > 0
      RETURNING 1
    ), h AS (
      SELECT * FROM unnest(${holds.map((x) => x.txId)}::text[], ${holds.map((x) => x.skuId)}::int[], ${holds.map((x) => x.quantity)}::int[]) AS h(tx_id, sku_id, quantity)
       WHERE h.sku_id IN (SELECT id FROM ins)
    ), fences AS (
      INSERT INTO tcc_fences (tx_id, branch, state)
      SELECT DISTINCT tx_id, 'stock', 'TRIED' FROM h ORDER BY tx_id
      ON CONFLICT (tx_id, branch) DO NOTHING
      RETURNING 1
    ), held AS (
      INSERT INTO stock_holds (tx_id, sku_id, bucket, quantity)
      SELECT tx_id, sku_id, NULL, quantity FROM h
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM mv)::int AS m,
           (SELECT count(*) FROM fences)::int AS f, (SELECT count(*) FROM held)::int AS k`);
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
