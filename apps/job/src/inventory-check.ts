import type { RemoteStockCheck } from "@trade/api/jobs";
import { checkInventoryInvariants, createInventoryDb, rawSql, type InventoryDb } from "@trade/inventory";

/**
 * The reconciliation's view of the inventory service's database (remote inventory mode,
 * INVENTORY_DATABASE_URL): the service's own invariants (`checkInventoryInvariants`) and a raw
 * client for the cross-check of its held units against the order database's open orders
 * (`checkRemoteStock` in @trade/api). Read-only: the job never writes there.
 */
export function openInventoryDb(url: string | undefined): InventoryDb | null {
  return url ? createInventoryDb(url, "trade-job-reconcile") : null;
}

export function remoteStockCheck(db: InventoryDb): RemoteStockCheck {
  return { inventoryDb: rawSql(db.pool), checkInventory: () => checkInventoryInvariants(db) };
}
