import { Prisma } from "@trade/db";
import type { ErrorCode } from "../errors/index.ts";
import { stockClaimCtes, stockHoldWrites } from "../inventory/hold-claim.ts";
import { journalCtes } from "../wallet/post-journal.ts";
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
  const ids = p.demand.map(([id]) => id);
  const quantities = p.demand.map(([, quantity]) => quantity);
  const journal = journalCtes(
    {
      type: "ORDER_HOLD",
      currency: Prisma.sql`(SELECT currency FROM s_pre)`,
      lines: Prisma.sql`
        SELECT a.id, b.bucket, b.sign * s_pre.total, b.ord
          FROM s_account a CROSS JOIN s_pre CROSS JOIN (VALUES ('AVAILABLE', -1, 1), ('FROZEN', 1, 2)) AS b(bucket, sign, ord)`,
    },
    {
      orderIdSql: Prisma.sql`(SELECT id FROM o)`,
      gate: Prisma.sql`EXISTS (SELECT 1 FROM o)`,
      lockGate: Prisma.sql`(SELECT ok FROM s_pre)`,
    },
  );
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
    WITH e AS MATERIALIZED (
      SELECT id, request_hash FROM orders WHERE buyer_id = ${p.buyerId} AND idempotency_key = ${p.idempotencyKey}
    ), s_seen AS MATERIALIZED (
      -- stock: the SKU row plus its buckets (flash mode), as every reader counts it.
      SELECT w.id, w.qty, s.id IS NOT NULL AS found, s.code, s.price, s.currency, s.merchant_id, s.product_id,
             s.stock + (SELECT coalesce(sum(b.stock), 0)::int FROM sku_stock_buckets b WHERE b.sku_id = s.id) AS stock,
             coalesce(s.flash_buckets > 0, false) AS flash,
             s.status = 'LISTED' AND p.status = 'LISTED' AS listed, coalesce(c.active, false) AS currency_active,
             p.title || ' (' || coalesce(
               (SELECT string_agg(a.value #>> '{}', ', ' ORDER BY a.ord)
                  FROM jsonb_each(CASE WHEN jsonb_typeof(s.attributes) = 'object' THEN s.attributes ELSE '{}'::jsonb END) WITH ORDINALITY AS a(key, value, ord)
                 WHERE jsonb_typeof(a.value) IN ('string', 'number')),
               s.code) || ')' AS title
        FROM unnest(${ids}::int[], ${quantities}::int[]) AS w(id, qty)
        LEFT JOIN skus s ON s.id = w.id LEFT JOIN products p ON p.id = s.product_id LEFT JOIN currencies c ON c.code = s.currency
    ), s_pre AS MATERIALIZED (
      SELECT x.currency, x.merchant_id, x.total, r.refusal, r.refusal IS NULL AND NOT EXISTS (SELECT 1 FROM e) AS ok
        FROM (SELECT min(currency) AS currency, min(merchant_id) AS merchant_id, sum(price * qty) AS total,
                     count(DISTINCT merchant_id) AS merchants, count(DISTINCT currency) AS currencies
                FROM s_seen) AS x
       CROSS JOIN LATERAL (
         SELECT coalesce(
           (SELECT json_build_object('skuId', v.id, 'code', CASE WHEN NOT v.found THEN 'NOT_FOUND' WHEN NOT v.listed THEN 'NOT_LISTED' WHEN NOT v.currency_active THEN 'CURRENCY_INACTIVE' ELSE 'OUT_OF_STOCK' END, 'stock', v.stock)
              FROM s_seen v WHERE NOT v.found OR NOT v.listed OR NOT v.currency_active OR v.stock < v.qty ORDER BY v.id LIMIT 1),
           CASE WHEN x.merchants > 1 THEN json_build_object('skuId', NULL, 'code', 'MERCHANT_MISMATCH', 'stock', NULL)
                WHEN x.currencies > 1 THEN json_build_object('skuId', NULL, 'code', 'CURRENCY_MISMATCH', 'stock', NULL)
           END) AS refusal
       ) AS r
    ), s_account AS MATERIALIZED (
      SELECT a.id FROM accounts a, s_pre
       WHERE s_pre.ok AND a.user_id = ${p.buyerId} AND a.currency = s_pre.currency AND a.kind = 'WALLET'
    ), ${journal.lock},
    s_hold AS MATERIALIZED (
      SELECT placement_hold_refusal(${p.buyerId}, ${ids}::int[], ${quantities}::int[], ${p.maxOpenOrders}::int, ${p.maxHeldUnitsPerSku}::int) AS refusal
       WHERE (SELECT ok FROM j_ok) AND ${p.maxOpenOrders > 0 || p.maxHeldUnitsPerSku > 0}
    ), h_ok AS MATERIALIZED (
      SELECT (SELECT ok FROM j_ok) AND NOT EXISTS (SELECT 1 FROM s_hold WHERE refusal IS NOT NULL) AS ok
    ),
    ${stock},
    go AS MATERIALIZED (
      SELECT (SELECT ok FROM h_ok) AND NOT EXISTS (SELECT 1 FROM s_checked WHERE refusal IS NOT NULL) AS ok
    ), o AS (
      INSERT INTO orders (buyer_id, merchant_id, currency, total, idempotency_key, request_hash, expires_at)
      SELECT ${p.buyerId}, s_pre.merchant_id, s_pre.currency, s_pre.total, ${p.idempotencyKey}, ${p.requestHash}, ${p.expiresAt}
        FROM s_pre WHERE (SELECT ok FROM go)
      ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
      RETURNING id, created_at
    ), ${journal.write},
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
           r.order_id, r.created_at, s_pre.currency, s_pre.merchant_id, s_pre.total::text AS total, s_pre.refusal,
           (SELECT name FROM users WHERE id = s_pre.merchant_id AND r.order_id IS NOT NULL) AS merchant_name,
           (SELECT id FROM s_account) AS account_id, (SELECT ok FROM j_ok) AS funds_ok, (SELECT balance::text FROM j_locked LIMIT 1) AS available,
           (SELECT refusal FROM s_hold) AS hold_refusal,
           (SELECT json_build_object('skuId', c.id, 'code', c.refusal, 'stock', c.stock) FROM s_checked c WHERE c.refusal IS NOT NULL ORDER BY c.id LIMIT 1) AS lock_refusal,
           CASE WHEN r.order_id IS NOT NULL THEN
             (SELECT json_agg(json_build_object('skuId', w.id, 'productId', w.product_id, 'code', w.code, 'title', w.title, 'quantity', w.qty, 'unitPrice', w.price::text) ORDER BY w.id) FROM s_seen w)
           END AS items,
           1 / (CASE WHEN r.order_id IS NULL OR (r.entries = 2 AND r.items = ${p.demand.length}::bigint AND r.held = ${p.demand.length}::bigint) THEN 1 ELSE 0 END) AS complete
      FROM s_pre CROSS JOIN result r`;
}
