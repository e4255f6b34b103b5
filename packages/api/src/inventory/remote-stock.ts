import type { Db } from "@trade/db";
import { DomainError, fail } from "../errors/index.ts";
import type { RemoteInventory, StockFigures } from "./port.ts";
import { forgetStockFigures } from "./stock-view.ts";

/**
 * Merchant stock changes in remote mode (the inventory service owns the stock): the catalogue
 * (this database) still decides whose SKU it is; the service does the rest under its own locks
 * and answers the same domain errors as the local code (STOCK_BELOW_LOCKED, STOCK_LIMIT, ...).
 */

/** Registrations in flight at once when many SKUs are created together (a CSV import). */
const REGISTER_CONCURRENCY = 8;

export interface NewSku {
  skuId: number;
  merchantId: number;
  stock: number;
}

/**
 * Registers SKUs that were just created in the catalogue (its transaction committed) with their
 * initial stock. `register` is idempotent per SKU, so a retry or a late duplicate does nothing.
 * Any failure is INVENTORY_UNAVAILABLE with the SKUs still unregistered: they exist with 0 stock
 * (what the inventory does not know cannot be sold or shown), and the merchant's next stock
 * change registers them (`withRegistration`).
 */
export async function registerNewSkus(inventory: RemoteInventory, skus: NewSku[], actorId: number): Promise<void> {
  const failed: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < skus.length) {
      const sku = skus[next++] as NewSku;
      try {
        await inventory.register({ ...sku, actorId });
      } catch {
        failed.push(sku.skuId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REGISTER_CONCURRENCY, skus.length) }, worker));
  forgetStockFigures(
    inventory,
    skus.map((s) => s.skuId),
  );
  if (failed.length > 0)
    fail(
      "INVENTORY_UNAVAILABLE",
      { created: skus.length, unregistered: failed.length, skuIds: failed.sort((a, b) => a - b).slice(0, 50) },
      "Created, but the stock service could not be reached: the new SKUs have no stock yet. Set their stock again in a moment.",
    );
}

/**
 * Runs a stock change on a SKU of the merchant's (NOT_FOUND otherwise, as locally). A SKU the
 * inventory does not know yet (its registration after creation failed) is registered with 0
 * stock first and the change retried once: the merchant saw 0 for it, so adding stock gives the
 * figure they expect; if the lost registration had in fact landed, they saw its stock instead.
 */
export async function withRegistration<T>(
  db: Db,
  inventory: RemoteInventory,
  merchantId: number,
  skuId: number,
  actorId: number,
  change: () => Promise<T>,
): Promise<T> {
  const own = await db.sku.findFirst({ where: { id: skuId, merchantId }, select: { id: true } });
  if (!own) fail("NOT_FOUND", { resource: "sku" });
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof DomainError && error.code === "NOT_FOUND")) throw error;
    await inventory.register({ skuId, merchantId, stock: 0, actorId });
    return await change();
  } finally {
    forgetStockFigures(inventory, [skuId]);
  }
}

export async function adjustRemote(
  db: Db,
  inventory: RemoteInventory,
  merchantId: number,
  input: { skuId: number; delta: number; reason: string },
  actorId: number,
): Promise<Omit<StockFigures, "flashBuckets">> {
  const { id, stock, stockLocked, sold } = await withRegistration(db, inventory, merchantId, input.skuId, actorId, () =>
    inventory.adjust({ merchantId, skuId: input.skuId, delta: input.delta, reason: input.reason.trim(), actorId }),
  );
  return { id, stock, stockLocked, sold };
}

export function setFlashModeRemote(
  db: Db,
  inventory: RemoteInventory,
  merchantId: number,
  skuId: number,
  buckets: number,
): Promise<StockFigures> {
  return withRegistration(db, inventory, merchantId, skuId, merchantId, () =>
    inventory.setFlashMode({ merchantId, skuId, buckets }),
  );
}
