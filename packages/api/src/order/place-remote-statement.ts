import { Prisma } from "@trade/db";
import {
  fundsAndHoldCtes,
  orderHoldJournal,
  orderInsertCte,
  PLACED_COLUMNS,
  PLACED_ITEMS,
  readRefusalFrom,
  seenCtes,
} from "./place-sql-parts.ts";
import type { Placement, PlacementRow } from "./place-statement.ts";

/** The remote placement's own columns on top of the local statement's. */
export type RemotePlacementRow = PlacementRow & {
  /** The coordinator log row was still TRYING under its lock (false: recovery or a duplicate got there first). */
  log_trying: boolean;
};

/**
 * The SKU read both remote statements share: price, listing, currency, merchant and the line's
 * title, as `placementSql` reads them (the same fragments), but no stock (the inventory service
 * owns it; the order database's stock columns are zeroed at handover) and so no sold-out refusal
 * here.
 */
function remoteSeenCtes(p: Placement): Prisma.Sql {
  return Prisma.sql`${seenCtes(p, { stock: false })}, s_refusal AS MATERIALIZED (
      SELECT x.currency, x.merchant_id, x.total, r.refusal
        ${readRefusalFrom({ stock: false })}
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
    WITH ${remoteSeenCtes(p)}
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
  const journal = orderHoldJournal();
  return Prisma.sql`
    WITH ${remoteSeenCtes(p)},
    g AS MATERIALIZED (
      SELECT id FROM global_transactions WHERE id = ${p.txId} AND state = 'TRYING' FOR NO KEY UPDATE
    ), s_pre AS MATERIALIZED (
      SELECT r.currency, r.merchant_id, r.total, r.refusal,
             r.refusal IS NULL AND NOT EXISTS (SELECT 1 FROM e) AND EXISTS (SELECT 1 FROM g) AS ok
        FROM s_refusal r
    ), ${fundsAndHoldCtes(p, journal.lock)}, s_locked AS MATERIALIZED (
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
    ), ${orderInsertCte(p)}, ${journal.write},
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
           ${PLACED_COLUMNS}
           (SELECT json_build_object('skuId', j.id, 'code', j.refusal, 'stock', NULL) FROM s_judged j WHERE j.refusal IS NOT NULL ORDER BY j.id LIMIT 1) AS lock_refusal,
           ${PLACED_ITEMS}
           1 / (CASE WHEN r.order_id IS NULL OR (r.entries = 2 AND r.items = ${p.demand.length}::bigint AND r.tried = 1) THEN 1 ELSE 0 END) AS complete
      FROM s_pre CROSS JOIN result r`;
}
