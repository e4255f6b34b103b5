import type { Db } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { MAX_SKU_UNITS } from "./limits.ts";

/**
 * Adds or removes sellable stock with a reason (audited in stock_movements). Removal can never
 * take stock that UNPAID orders hold: only `stock` (unheld) can go down, guarded in the UPDATE.
 * Adding can never take the SKU past MAX_SKU_UNITS (stock + held + sold), also guarded in the
 * UPDATE and computed in bigint: a counter pushed to int4's maximum made the next release of a
 * hold overflow, which left that order uncancellable and stalled the expiry sweep.
 */
export async function adjustStock(
  db: Db,
  merchantId: number,
  input: { skuId: number; delta: number; reason: string },
  actorId: number,
) {
  if (input.delta === 0) fail("BAD_REQUEST", { field: "delta" }, "The change must not be zero.");
  if (!Number.isSafeInteger(input.delta) || Math.abs(input.delta) > MAX_SKU_UNITS)
    fail("STOCK_LIMIT", { max: MAX_SKU_UNITS });
  return runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: number; stock: number; stock_locked: number; sold: number }[]>`
      UPDATE skus SET stock = stock + ${input.delta}::int, updated_at = now()
       WHERE id = ${input.skuId} AND merchant_id = ${merchantId}
         AND stock::bigint + ${input.delta}::int >= 0
         AND stock::bigint + stock_locked + sold + ${input.delta}::int <= ${MAX_SKU_UNITS}
      RETURNING id, stock, stock_locked, sold`;
    const sku = rows[0];
    if (!sku) {
      const own = await tx.sku.findFirst({
        where: { id: input.skuId, merchantId },
        select: { stock: true, stockLocked: true, sold: true },
      });
      if (!own) fail("NOT_FOUND", { resource: "sku" });
      if (input.delta < 0) fail("STOCK_BELOW_LOCKED", { available: own.stock });
      fail("STOCK_LIMIT", { max: MAX_SKU_UNITS, units: own.stock + own.stockLocked + own.sold });
    }
    await tx.stockMovement.create({
      data: { skuId: sku.id, delta: input.delta, reason: input.reason.trim(), actorId },
    });
    return { id: sku.id, stock: sku.stock, stockLocked: sku.stock_locked, sold: sku.sold };
  });
}
