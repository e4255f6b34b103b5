import { Prisma } from "@trade/db";
import type { ErrorCode } from "../errors/index.ts";
import { stockClaimCtes, stockHoldWrites } from "../inventory/hold-claim.ts";
import {
  fundsAndHoldCtes,
  orderHoldJournal,
  orderInsertCte,
  PLACED_COLUMNS,
  PLACED_ITEMS,
  readRefusalFrom,
  seenCtes,
} from "./place-sql-parts.ts";
import type { StoredOrderLine } from "./view.ts";

export interface Placement {
  buyerId: number;
  idempotencyKey: string;
  requestHash: string;
  expiresAt: Date;
  /** [skuId, quantity], one per SKU, ascending SKU id (`aggregateDemand`). */
  demand: [number, number][];
  /** Hold limits (docs/security.md): open UNPAID orders, and units of one SKU, per buyer (0: none). */
  maxOpenOrders: number;
  maxHeldUnitsPerSku: number;
  /**
   * Flash-sale SKUs: wait for a bucket (ascending from a random start) instead of probing them
   * with SKIP LOCKED. Only in a fresh transaction after a probe found every bucket busy
   * (BUCKETS_BUSY): a probe can keep a lock on a bucket it skipped (it had changed), and
   * waiting while holding that lock out of order deadlocked.
   */
  waitForBucket?: boolean;
}

/** Refusals judged on what the statement read before taking any lock. */
export type ReadRefusalCode = Extract<
  ErrorCode,
  "NOT_FOUND" | "NOT_LISTED" | "CURRENCY_INACTIVE" | "OUT_OF_STOCK" | "MERCHANT_MISMATCH" | "CURRENCY_MISMATCH"
>;
/**
 * Refusals judged on the locked SKU rows (what changed between the read and the lock), plus two
 * that the service resolves itself (flash-sale SKUs, `place.ts`): MODE_CHANGED (the SKU entered
 * or left flash mode between the read and the lock: placed again), BUCKETS_BUSY (every bucket
 * holding the quantity was locked: placed again, waiting for one) and BUCKETS_SHORT (no bucket
 * alone held the quantity: rebalanced under all bucket locks, then placed again).
 */
export type LockRefusalCode =
  | Extract<ErrorCode, "NOT_FOUND" | "NOT_LISTED" | "PRICE_CHANGED" | "OUT_OF_STOCK">
  | "MODE_CHANGED"
  | "BUCKETS_BUSY"
  | "BUCKETS_SHORT";

export type PlacementRow = {
  /** The order already stored under the idempotency key (nothing else was done). */
  existing_id: number | null;
  existing_hash: string | null;
  /** The new order; null when nothing was written. */
  order_id: number | null;
  created_at: Date | null;
  /** From the SKUs read (null when none was found). */
  currency: string | null;
  merchant_id: number | null;
  /** Only with a new order. */
  merchant_name: string | null;
  /** Sum of price x quantity as read, numeric as text. */
  total: string | null;
  /** The first refused line (ascending SKU id), or a mismatch, judged before any lock. */
  refusal: { skuId: number | null; code: ReadRefusalCode; stock: number | null } | null;
  /** The buyer's wallet account in the currency (null: the buyer has none yet, or a refusal came first). */
  account_id: number | null;
  /** The account was locked and its available balance covers the total. */
  funds_ok: boolean;
  /** The locked account's available balance, numeric as text (for INSUFFICIENT_FUNDS). */
  available: string | null;
  /** A hold limit the order would pass (judged under the account lock, when funds were fine). */
  hold_refusal: { skuId: number | null; held: number; limit: number } | null;
  /** The first line refused under its lock, when funds were fine and within the hold limits. */
  lock_refusal: { skuId: number; code: LockRefusalCode; stock: number | null } | null;
  /** The order's lines as written (only with a new order). */
  items: StoredOrderLine[] | null;
};

/**
 * Order placement as ONE statement, the only statement of the placement's interactive
 * transaction: one round trip does what a read plus a five-statement transaction would, with
 * the same guards and lock order, and the hot SKU lock (the last one taken) is held only from
 * this statement to COMMIT.
 * 1. Without locks: the order already stored under the idempotency key (a replay does nothing
 *    else), and the demanded SKUs with product, merchant and currency, read to price the order and
 *    refuse early (not found, not listed, currency switched off, sold out: a sold-out SKU never
 *    touches its lock; more than one merchant or currency). Line titles are composed here, stored
 *    with the order. The currency's `active` is judged as of the statement's start: a placement
 *    that began before a deactivation committed is ordered before it.
 * 2. Only if all that passed: the buyer's wallet account in the SKUs' currency, locked FOR NO KEY
 *    UPDATE, and its funds guard (`journalCtes`, lines computed in SQL).
 * 3. Only if funds suffice: the hold limits (`placement_hold_refusal`, a function of the
 *    migrations: it serialises the buyer's placements and counts with a fresh snapshot, which a
 *    CTE of this statement cannot), then only within them the SKUs, locked FOR NO KEY UPDATE in
 *    ascending id (the hot row last), then their products FOR SHARE in ascending id, re-checked
 *    on their latest versions: still listed (SKU and product), priced as read, in stock. The
 *    product is locked, not just read: at READ COMMITTED only a locked row is re-read at its
 *    latest version after a lock wait, so an order queued behind a hot SKU judged the product on
 *    the statement's starting snapshot and went through after a delist had committed. FOR SHARE
 *    waits for a delist in progress (its UPDATE holds NO KEY UPDATE) and does not block other
 *    buyers of the product. SKUs and products are locked in that order everywhere (a SKU's price
 *    or status change updates its product from a trigger), so the hot SKU row is still held only
 *    from this statement to COMMIT. A flash-sale SKU
 *    (`flash_buckets > 0`, docs/database.md) is locked FOR SHARE instead, so any number of buyers
 *    hold it at once while a merchant's price change, delist or mode switch waits for them; its
 *    units come from one of its stock buckets, claimed after the SKU locks (below).
 * 3b. Flash-sale SKUs only, after the products: one bucket holding the quantity, FOR NO KEY UPDATE SKIP LOCKED from a
 *    random start (buyers spread over the buckets); with `waitForBucket`, waiting for the first
 *    from the start instead. None claimed: BUCKETS_BUSY or BUCKETS_SHORT (the service decides).
 * 4. Only if every check passed: the order row (claiming the idempotency key: ON CONFLICT DO
 *    NOTHING), its items (with the claimed bucket), the ORDER_HOLD journal (available -> frozen)
 *    and the stock hold (stock -> stock_locked, on the SKU row or in the claimed bucket). Every write depends on the order row, so a claimed key writes
 *    nothing else.
 * Nothing is written on a refusal, so no rollback is needed to keep the books whole. The final
 * SELECT asserts that an inserted order came with its journal entries, items and every stock
 * hold; should that ever not hold it divides by zero, which aborts the statement (and so the
 * transaction) instead of committing a partial order.
 */
export function placementSql(p: Placement): Prisma.Sql {
  const journal = orderHoldJournal();
  // The stock part (SKU locks, judgement, bucket claim) is the inventory service's Try too.
  const stock = stockClaimCtes({
    gate: Prisma.sql`(SELECT ok FROM h_ok)`,
    waitForBucket: p.waitForBucket,
    lockedColumns: ["status", "price", "currency", "product_id"],
    // The product is locked after the SKUs (the documented order), re-read at its latest version.
    afterLock: Prisma.sql`s_products AS MATERIALIZED (
      SELECT p.id, p.status FROM products p
       WHERE p.id IN (SELECT product_id FROM s_locked)
       ORDER BY p.id FOR SHARE
    ),`,
    refusals: Prisma.sql`WHEN k.status <> 'LISTED' OR NOT EXISTS (SELECT 1 FROM s_products p WHERE p.id = k.product_id AND p.status = 'LISTED') THEN 'NOT_LISTED'
                  WHEN k.price <> w.price OR k.currency <> w.currency THEN 'PRICE_CHANGED'`,
  });
  return Prisma.sql`
    WITH ${seenCtes(p, { stock: true })}, s_pre AS MATERIALIZED (
      SELECT x.currency, x.merchant_id, x.total, r.refusal, r.refusal IS NULL AND NOT EXISTS (SELECT 1 FROM e) AS ok
        ${readRefusalFrom({ stock: true })}
    ), ${fundsAndHoldCtes(p, journal.lock)},
    ${stock},
    go AS MATERIALIZED (
      SELECT (SELECT ok FROM h_ok) AND NOT EXISTS (SELECT 1 FROM s_checked WHERE refusal IS NOT NULL) AS ok
    ), ${orderInsertCte(p)}, ${journal.write},
    o_items AS (
      INSERT INTO order_items (order_id, sku_id, quantity, unit_price, title, bucket)
      SELECT o.id, w.id, w.qty, w.price, w.title, c.bucket FROM o CROSS JOIN s_seen w LEFT JOIN b_claim c ON c.id = w.id
      RETURNING 1
    ), ${stockHoldWrites(Prisma.sql`EXISTS (SELECT 1 FROM o)`)},
    result AS (
      SELECT (SELECT id FROM o) AS order_id, (SELECT created_at FROM o) AS created_at,
             (SELECT count(*) FROM j_entries) AS entries, (SELECT count(*) FROM o_items) AS items, (SELECT count(*) FROM s_held) + (SELECT count(*) FROM b_held) AS held
    )
    SELECT (SELECT id FROM e) AS existing_id, (SELECT request_hash FROM e) AS existing_hash,
           ${PLACED_COLUMNS}
           (SELECT json_build_object('skuId', c.id, 'code', c.refusal, 'stock', c.stock) FROM s_checked c WHERE c.refusal IS NOT NULL ORDER BY c.id LIMIT 1) AS lock_refusal,
           ${PLACED_ITEMS}
           1 / (CASE WHEN r.order_id IS NULL OR (r.entries = 2 AND r.items = ${p.demand.length}::bigint AND r.held = ${p.demand.length}::bigint) THEN 1 ELSE 0 END) AS complete
      FROM s_pre CROSS JOIN result r`;
}
