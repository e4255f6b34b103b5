import { Prisma } from "@trade/db";
import { journalCtes } from "../wallet/post-journal.ts";
import type { Placement, PlacementRow } from "./place-statement.ts";

/** The remote placement's own columns on top of the local statement's. */
export type RemotePlacementRow = PlacementRow & {
  /** The coordinator log row was still TRYING under its lock (false: recovery or a duplicate got there first). */
  log_trying: boolean;
};

/**
 * The SKU read both remote statements share: price, listing, currency, merchant and the line's
 * title, as `placementSql` reads them, but no stock (the inventory service owns it; the order
 * database's stock columns are zeroed at handover) and so no sold-out refusal here.
 */
function seenCtes(p: Placement): Prisma.Sql {
  const ids = p.demand.map(([id]) => id);
  const quantities = p.demand.map(([, quantity]) => quantity);
  return Prisma.sql`
    e AS MATERIALIZED (
      SELECT id, request_hash FROM orders WHERE buyer_id = ${p.buyerId} AND idempotency_key = ${p.idempotencyKey}
    ), s_seen AS MATERIALIZED (
      SELECT w.id, w.qty, s.id IS NOT NULL AS found, s.code, s.price, s.currency, s.merchant_id, s.product_id,
             s.status = 'LISTED' AND p.status = 'LISTED' AS listed, coalesce(c.active, false) AS currency_active,
             p.title || ' (' || coalesce(
               (SELECT string_agg(a.value #>> '{}', ', ' ORDER BY a.ord)
                  FROM jsonb_each(CASE WHEN jsonb_typeof(s.attributes) = 'object' THEN s.attributes ELSE '{}'::jsonb END) WITH ORDINALITY AS a(key, value, ord)
                 WHERE jsonb_typeof(a.value) IN ('string', 'number')),
               s.code) || ')' AS title
        FROM unnest(${ids}::int[], ${quantities}::int[]) AS w(id, qty)
        LEFT JOIN skus s ON s.id = w.id LEFT JOIN products p ON p.id = s.product_id LEFT JOIN currencies c ON c.code = s.currency
    ), s_refusal AS MATERIALIZED (
      SELECT x.currency, x.merchant_id, x.total, coalesce(
           (SELECT json_build_object('skuId', v.id, 'code', CASE WHEN NOT v.found THEN 'NOT_FOUND' WHEN NOT v.listed THEN 'NOT_LISTED' ELSE 'CURRENCY_INACTIVE' END, 'stock', NULL)
              FROM s_seen v WHERE NOT v.found OR NOT v.listed OR NOT v.currency_active ORDER BY v.id LIMIT 1),
           CASE WHEN x.merchants > 1 THEN json_build_object('skuId', NULL, 'code', 'MERCHANT_MISMATCH', 'stock', NULL)
                WHEN x.currencies > 1 THEN json_build_object('skuId', NULL, 'code', 'CURRENCY_MISMATCH', 'stock', NULL)
           END) AS refusal
        FROM (SELECT min(currency) AS currency, min(merchant_id) AS merchant_id, sum(price * qty) AS total,
                     count(DISTINCT merchant_id) AS merchants, count(DISTINCT currency) AS currencies
                FROM s_seen) AS x
    )`;
}

/** What the unlocked read before the Try found (`remotePrecheckSql`). */
export type PrecheckRow = Pick<
  PlacementRow,
  "existing_id" | "existing_hash" | "currency" | "total" | "refusal" | "account_id" | "available"
>;

/**
 * Remote placement, step 1: one unlocked read, before the coordinator log and the Try, so that a
 * request the order database alone refuses (replayed key, unknown or unlisted SKU, switched-off
 * currency, mixed merchants, funds short as of now) never holds stock in the inventory. The
 * statement after the Try judges all of it again under the locks.
 */
export function remotePrecheckSql(p: Placement): Prisma.Sql {
  return Prisma.sql`
    WITH ${seenCtes(p)}
    SELECT (SELECT id FROM e) AS existing_id, (SELECT request_hash FROM e) AS existing_hash,
           r.currency, r.total::text AS total, r.refusal, a.id AS account_id, a.balance::text AS available
      FROM s_refusal r
      LEFT JOIN accounts a ON a.user_id = ${p.buyerId} AND a.currency = r.currency AND a.kind = 'WALLET'`;
}

/**
 * Remote placement, step 3 (after the inventory answered the Try): the local branch as ONE
 * statement, `placementSql` without its stock part. Under the coordinator log row's lock (it must
 * still be TRYING: the job's recovery cancels an abandoned Try by moving it to CANCELLING under
 * the same lock), the buyer's account FOR NO KEY UPDATE with its funds guard, the hold limits,
 * then the SKUs FOR SHARE in ascending id and their products FOR SHARE in ascending id, re-checked
 * on their latest versions (still listed, priced as read): a merchant's price change or delist
 * waits for this statement's COMMIT, or this statement for theirs, exactly as in the local mode.
 * FOR SHARE and not FOR NO KEY UPDATE: nothing here writes the SKU row (its stock is remote), so
 * any number of buyers hold it at once. Then the order, its items, the ORDER_HOLD journal and the
 * log row TRIED with the order's id, or nothing at all. The final SELECT divides by zero if an
 * inserted order came without its journal entries, items or log transition.
 */
export function remotePlacementSql(p: Placement & { txId: string }): Prisma.Sql {
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
  const ids = p.demand.map(([id]) => id);
  const quantities = p.demand.map(([, quantity]) => quantity);
  return Prisma.sql`
    WITH ${seenCtes(p)},
    g AS MATERIALIZED (
      SELECT id FROM global_transactions WHERE id = ${p.txId} AND state = 'TRYING' FOR NO KEY UPDATE
    ), s_pre AS MATERIALIZED (
      SELECT r.currency, r.merchant_id, r.total, r.refusal,
             r.refusal IS NULL AND NOT EXISTS (SELECT 1 FROM e) AND EXISTS (SELECT 1 FROM g) AS ok
        FROM s_refusal r
    ), s_account AS MATERIALIZED (
      SELECT a.id FROM accounts a, s_pre
       WHERE s_pre.ok AND a.user_id = ${p.buyerId} AND a.currency = s_pre.currency AND a.kind = 'WALLET'
    ), ${journal.lock},
    s_hold AS MATERIALIZED (
      SELECT placement_hold_refusal(${p.buyerId}, ${ids}::int[], ${quantities}::int[], ${p.maxOpenOrders}::int, ${p.maxHeldUnitsPerSku}::int) AS refusal
       WHERE (SELECT ok FROM j_ok) AND ${p.maxOpenOrders > 0 || p.maxHeldUnitsPerSku > 0}
    ), h_ok AS MATERIALIZED (
      SELECT (SELECT ok FROM j_ok) AND NOT EXISTS (SELECT 1 FROM s_hold WHERE refusal IS NOT NULL) AS ok
    ), s_locked AS MATERIALIZED (
      -- One SKU at a time in ascending id (a LATERAL runs per outer row, in its order).
      SELECT w.id, k.status, k.price, k.currency, k.product_id
        FROM (SELECT id FROM s_seen WHERE (SELECT ok FROM h_ok) ORDER BY id) w
        JOIN LATERAL (SELECT s.status, s.price, s.currency, s.product_id FROM skus s WHERE s.id = w.id FOR SHARE) k ON true
    ), s_products AS MATERIALIZED (
      SELECT p.id, p.status FROM products p
       WHERE p.id IN (SELECT product_id FROM s_locked)
       ORDER BY p.id FOR SHARE
    ), s_judged AS MATERIALIZED (
      SELECT w.id,
             CASE WHEN k.id IS NULL THEN 'NOT_FOUND'
                  WHEN k.status <> 'LISTED' OR NOT EXISTS (SELECT 1 FROM s_products p WHERE p.id = k.product_id AND p.status = 'LISTED') THEN 'NOT_LISTED'
                  WHEN k.price <> w.price OR k.currency <> w.currency THEN 'PRICE_CHANGED'
             END AS refusal
        FROM s_seen w LEFT JOIN s_locked k ON k.id = w.id
       WHERE (SELECT ok FROM h_ok)
    ), go AS MATERIALIZED (
      SELECT (SELECT ok FROM h_ok) AND NOT EXISTS (SELECT 1 FROM s_judged WHERE refusal IS NOT NULL) AS ok
    ), o AS (
      INSERT INTO orders (buyer_id, merchant_id, currency, total, idempotency_key, request_hash, expires_at)
      SELECT ${p.buyerId}, s_pre.merchant_id, s_pre.currency, s_pre.total, ${p.idempotencyKey}, ${p.requestHash}, ${p.expiresAt}
        FROM s_pre WHERE (SELECT ok FROM go)
      ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
      RETURNING id, created_at
    ), ${journal.write},
    o_items AS (
      INSERT INTO order_items (order_id, sku_id, quantity, unit_price, title)
      SELECT o.id, w.id, w.qty, w.price, w.title FROM o CROSS JOIN s_seen w
      RETURNING 1
    ), g_tried AS (
      UPDATE global_transactions t SET state = 'TRIED', order_id = o.id, updated_at = now()
        FROM o WHERE t.id = ${p.txId} AND t.state = 'TRYING'
      RETURNING 1
    ), result AS (
      SELECT (SELECT id FROM o) AS order_id, (SELECT created_at FROM o) AS created_at,
             (SELECT count(*) FROM j_entries) AS entries, (SELECT count(*) FROM o_items) AS items, (SELECT count(*) FROM g_tried) AS tried
    )
    SELECT (SELECT id FROM e) AS existing_id, (SELECT request_hash FROM e) AS existing_hash, EXISTS (SELECT 1 FROM g) AS log_trying,
           r.order_id, r.created_at, s_pre.currency, s_pre.merchant_id, s_pre.total::text AS total, s_pre.refusal,
           (SELECT name FROM users WHERE id = s_pre.merchant_id AND r.order_id IS NOT NULL) AS merchant_name,
           (SELECT id FROM s_account) AS account_id, (SELECT ok FROM j_ok) AS funds_ok, (SELECT balance::text FROM j_locked LIMIT 1) AS available,
           (SELECT refusal FROM s_hold) AS hold_refusal,
           (SELECT json_build_object('skuId', j.id, 'code', j.refusal, 'stock', NULL) FROM s_judged j WHERE j.refusal IS NOT NULL ORDER BY j.id LIMIT 1) AS lock_refusal,
           CASE WHEN r.order_id IS NOT NULL THEN
             (SELECT json_agg(json_build_object('skuId', w.id, 'productId', w.product_id, 'code', w.code, 'title', w.title, 'quantity', w.qty, 'unitPrice', w.price::text) ORDER BY w.id) FROM s_seen w)
           END AS items,
           1 / (CASE WHEN r.order_id IS NULL OR (r.entries = 2 AND r.items = ${p.demand.length}::bigint AND r.tried = 1) THEN 1 ELSE 0 END) AS complete
      FROM s_pre CROSS JOIN result r`;
}
