/**
 * The stock rules, written once for both databases (`@trade/api/inventory`): the order database
 * runs them in local mode, the inventory service (apps/inventory) on its own database in remote
 * mode. See raw.ts for the client they need and docs/architecture.md, "Inventory service".
 */
export type { RawSql } from "./raw.ts";
export { stockClaimCtes, stockHoldWrites, type ClaimSpec } from "./hold-claim.ts";
export { runWithBucketRetries, type ClaimRefusal, type ClaimOutcome } from "./claim-retry.ts";
export { consolidateBuckets } from "./consolidate.ts";
export {
  settleHolds,
  settleStockHold,
  stockSettleCtes,
  orderHolds,
  txHolds,
  type HoldSource,
  type SettleMode,
} from "./settle.ts";
export { adjustStockIn, checkAdjustment, recordMovement, type AdjustInput } from "./adjust.ts";
export { switchFlashMode, checkFlashBuckets, lockOwnSku, MAX_FLASH_BUCKETS } from "./flash-mode.ts";
export { stockFigures, skuFigures, bucketSums, type SkuFigures } from "./figures.ts";
export { MAX_SKU_UNITS, MAX_LINE_QUANTITY } from "./limits.ts";
export * from "./port.ts";
export {
  createInventoryClient,
  InventoryUnavailableError,
  type InventoryClient,
  type InventoryClientOptions,
} from "./remote-client.ts";
