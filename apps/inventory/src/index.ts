/** The inventory service (apps/inventory): server side. The HTTP client (the port's remote adapter) is `createInventoryClient` in `@trade/api/inventory`. */
export { createInventoryDb, inTx, rawSql, type InventoryDb } from "./db.ts";
export { createInventoryServer, MAX_BODY_BYTES } from "./http.ts";
export { migrateInventory, INVENTORY_MIGRATIONS } from "./migrate.ts";
export { startInventory, type RunningInventory } from "./service.ts";
export { tryHold, confirm, cancel } from "./tcc.ts";
export { adjust, setFlash, register, importSkus, figures } from "./stock.ts";
export { checkInventoryInvariants, type InventoryViolation } from "./invariants.ts";
