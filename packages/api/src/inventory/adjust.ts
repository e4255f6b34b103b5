import type { Db } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";

/** Most sellable stock one SKU holds (the column is a 32-bit integer; this leaves room for holds). */
export const MAX_STOCK = 100_000_000;

/**
 * Adds or removes sellable stock with a reason (audited in stock_movements). Removal can never
 * take stock that UNPAID orders hold: only `stock` (unheld) can go down, guarded in the UPDATE.
 */
export async function adjustStock(
  db: Db,
  merchantId: number,
  input: { skuId: number; delta: number; reason: string },
  actorId: number,
) {
  if (input.delta === 0) fail("BAD_REQUEST", { field: "delta" }, "The change must not be zero.");
  // In bigint, so an adjustment past the column's range is refused here instead of overflowing.
  return runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<{ id: number; stock: number; stock_locked: number; sold: number }[]>`
      UPDATE skus SET stock = stock + ${input.delta}, updated_at = now()
       WHERE id = ${input.skuId} AND merchant_id = ${merchantId} AND stock::bigint + ${input.delta} BETWEEN 0 AND ${MAX_STOCK}
      RETURNING id, stock, stock_locked, sold`;
    const sku = rows[0];
    if (!sku) {
      const own = await tx.sku.findFirst({ where: { id: input.skuId, merchantId }, select: { stock: true } });
      if (!own) fail("NOT_FOUND", { resource: "sku" });
      if (own.stock + input.delta > MAX_STOCK)
        fail("BAD_REQUEST", { field: "delta", max: MAX_STOCK }, `Stock cannot exceed ${MAX_STOCK}.`);
      fail("STOCK_BELOW_LOCKED", { available: own.stock });
    }
    await tx.stockMovement.create({
      data: { skuId: sku.id, delta: input.delta, reason: input.reason.trim(), actorId },
    });
    return { id: sku.id, stock: sku.stock, stockLocked: sku.stock_locked, sold: sku.sold };
  });
}
