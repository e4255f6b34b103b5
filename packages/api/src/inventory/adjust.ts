import { Prisma, type Db } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { skuFigures } from "./figures.ts";
import { lockOwnSku } from "./flash-mode.ts";
import { MAX_SKU_UNITS } from "./limits.ts";
import type { Inventory } from "./port.ts";
import { adjustRemote } from "./remote-stock.ts";
import type { RawSql } from "./raw.ts";

export interface AdjustInput {
  skuId: number;
  delta: number;
  reason: string;
}

/**
 * Adds or removes sellable stock with a reason (audited in stock_movements). Removal can never
 * take stock that UNPAID orders hold: only `stock` (unheld) can go down, guarded in the UPDATE.
 * A flash-sale SKU's stock lives in its buckets, so the change lands there (`adjustBuckets`).
 * Adding can never take the SKU past MAX_SKU_UNITS (stock + held + sold, the row and its buckets
 * together), checked under the SKU's lock and, on the row, guarded in the UPDATE in bigint: a
 * counter pushed to int4's maximum made the next release of a hold overflow, which left that
 * order uncancellable and stalled the expiry sweep.
 * Remote mode: the same rules, run by the inventory service on its own database.
 */
export async function adjustStock(
  db: Db,
  merchantId: number,
  input: AdjustInput,
  actorId: number,
  inventory?: Inventory,
): Promise<{ id: number; stock: number; stockLocked: number; sold: number }> {
  checkAdjustment(input);
  if (inventory?.kind === "remote") return adjustRemote(db, inventory, merchantId, input, actorId);
  return runTx(db, (tx) => adjustStockIn(tx, merchantId, input, actorId));
}

/** Refusals judged on the input alone, before any transaction. */
export function checkAdjustment(input: { delta: number }): void {
  if (input.delta === 0) fail("BAD_REQUEST", { field: "delta" }, "The change must not be zero.");
  if (!Number.isSafeInteger(input.delta) || Math.abs(input.delta) > MAX_SKU_UNITS)
    fail("STOCK_LIMIT", { max: MAX_SKU_UNITS });
}

/** `adjustStock`'s work inside the caller's transaction, on either database (input already checked). */
export async function adjustStockIn(tx: RawSql, merchantId: number, input: AdjustInput, actorId: number) {
  const sku = await lockOwnSku(tx, merchantId, input.skuId);
  if (input.delta > 0) {
    // Under the SKU's lock the total cannot move: placement, pay and release only shift units
    // between stock, held and sold (in the row or in one bucket).
    const now = await skuFigures(tx, input.skuId);
    const units = now.stock + now.stockLocked + now.sold;
    if (units + input.delta > MAX_SKU_UNITS) fail("STOCK_LIMIT", { max: MAX_SKU_UNITS, units });
  }
  if (sku.flash_buckets > 0) await adjustBuckets(tx, input.skuId, sku.flash_buckets, input.delta);
  else {
    const rows = await tx.$queryRaw<{ id: number }[]>(Prisma.sql`
      UPDATE skus SET stock = stock + ${input.delta}::int, updated_at = now()
       WHERE id = ${input.skuId}
         AND stock::bigint + ${input.delta}::int >= 0
         AND stock::bigint + stock_locked + sold + ${input.delta}::int <= ${MAX_SKU_UNITS}
      RETURNING id`);
    if (!rows[0]) fail("STOCK_BELOW_LOCKED", { available: sku.stock });
  }
  await recordMovement(tx, { skuId: input.skuId, delta: input.delta, reason: input.reason.trim(), actorId });
  const { id, stock, stockLocked, sold } = await skuFigures(tx, input.skuId);
  return { id, stock, stockLocked, sold };
}

/** The audit row of a stock change (stock_movements: the same columns in both databases). */
export async function recordMovement(
  tx: RawSql,
  m: { skuId: number; delta: number; reason: string; actorId: number },
): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO stock_movements (sku_id, delta, reason, actor_id) VALUES (${m.skuId}, ${m.delta}::int, ${m.reason}, ${m.actorId})`);
}

/**
 * Under the SKU row's lock (taken by the caller) and every bucket's, in ascending order: an
 * increase is spread evenly over buckets 0..N-1; a decrease takes from the buckets in order and
 * is refused, whole, when their free stock together is short.
 */
async function adjustBuckets(tx: RawSql, skuId: number, buckets: number, delta: number): Promise<void> {
  const rows = await tx.$queryRaw<{ bucket: number; stock: number }[]>(Prisma.sql`
    SELECT bucket, stock FROM sku_stock_buckets WHERE sku_id = ${skuId} ORDER BY bucket FOR NO KEY UPDATE`);
  if (delta > 0) {
    await tx.$executeRaw(Prisma.sql`
      UPDATE sku_stock_buckets SET stock = stock + ${Math.floor(delta / buckets)}::int + CASE WHEN bucket < ${delta % buckets}::int THEN 1 ELSE 0 END
       WHERE sku_id = ${skuId} AND bucket < ${buckets}::int`);
    return;
  }
  const free = rows.reduce((sum, r) => sum + r.stock, 0);
  if (free + delta < 0) fail("STOCK_BELOW_LOCKED", { available: free });
  let remove = -delta;
  const next = rows.map((r) => {
    const take = Math.min(r.stock, remove);
    remove -= take;
    return { bucket: r.bucket, stock: r.stock - take };
  });
  await tx.$executeRaw(Prisma.sql`
    UPDATE sku_stock_buckets b SET stock = n.stock
      FROM unnest(${next.map((n) => n.bucket)}::int[], ${next.map((n) => n.stock)}::int[]) AS n(bucket, stock)
     WHERE b.sku_id = ${skuId} AND b.bucket = n.bucket AND b.stock <> n.stock`);
}
