/**
 * The inventory port: what the order service (the TCC coordinator) needs from whoever owns SKU
 * stock. Two adapters, one set of rules (docs/architecture.md#services):
 * - local (`npm start`, no INVENTORY_URL): the stock tables live in the order database, and the
 *   stock branch of a global transaction is a part of the coordinator's own local transaction
 *   (the placement, payment and release statements), so nothing can fail between the branches
 *   and no log or fence is needed;
 * - remote (`npm run cluster`, INVENTORY_URL set): the inventory service (apps/inventory) owns
 *   the stock in its own database; each branch is a Try / Confirm / Cancel call, fenced in the
 *   service by (txId, branch), driven to its end by the coordinator log and the job's recovery.
 * The rules themselves (holding, consuming, releasing units; buckets) are written once and run
 * against either database.
 */

/** One SKU's demand in a global transaction, one per SKU, ascending SKU id. */
export interface StockLine {
  skuId: number;
  quantity: number;
}

/** A SKU's stock figures as every reader counts them (the SKU row plus its flash-sale buckets). */
export interface StockFigures {
  id: number;
  stock: number;
  stockLocked: number;
  sold: number;
  flashBuckets: number;
}

/** What a Try answers. A refused Try holds nothing. */
export type TryOutcome =
  | { ok: true }
  | { ok: false; code: "OUT_OF_STOCK"; skuId: number; available: number }
  /** No suspension: the transaction's Cancel arrived first, so this Try may never hold anything. */
  | { ok: false; code: "CANCELLED" };

/** What a Confirm or Cancel answers: done (or already done), or the branch ended the other way. */
export type SettleOutcome = { ok: true } | { ok: false; code: "CANCELLED" | "CONFIRMED" | "NOT_TRIED" };

export interface StockAdjustment {
  merchantId: number;
  skuId: number;
  delta: number;
  reason: string;
  actorId: number;
}

/** The remote participant (the inventory service). The local adapter needs no such calls. */
export interface RemoteInventory {
  readonly kind: "remote";
  /** Holds the units for `txId` (idempotent: a repeated Try answers as the first did). */
  tryHold(txId: string, lines: StockLine[]): Promise<TryOutcome>;
  /** Consumes the units `txId` holds (paid). Idempotent. */
  confirm(txId: string): Promise<SettleOutcome>;
  /** Releases the units `txId` holds; a Cancel with no Try before it records itself (empty rollback). */
  cancel(txId: string): Promise<SettleOutcome>;
  /** A merchant's stock change (audited as a movement); domain errors as in the local mode. */
  adjust(input: StockAdjustment): Promise<StockFigures>;
  /** A new SKU's inventory row with its initial stock (idempotent per SKU). */
  register(input: { skuId: number; merchantId: number; stock: number; actorId: number }): Promise<void>;
  /** Flash-sale mode (0 = normal), as `setFlashMode` does locally. */
  setFlashMode(input: { merchantId: number; skuId: number; buckets: number }): Promise<StockFigures>;
  /** Current figures of up to 500 SKUs (unknown ids are left out). */
  figures(skuIds: number[]): Promise<Map<number, StockFigures>>;
  /**
   * True while a call would fail at once without reaching the service (a circuit breaker open):
   * the coordinator then refuses a placement before writing anything. Absent: never.
   */
  refusesCalls?(): boolean;
}

export type Inventory = { readonly kind: "local" } | RemoteInventory;

export const localInventory: Inventory = { kind: "local" };
