import { Prisma } from "@trade/db";
import { journalCtes } from "../wallet/post-journal.ts";
import type { Placement } from "./place-statement.ts";

/**
 * The SQL fragments the in-process placement (`placementSql`) and the remote placement's local
 * branch (`remotePlacementSql`, `remotePrecheckSql`) share, written once so the two modes judge a
 * placement by the same read, funds guard and hold limits. `stock` says whether the order
 * database owns the stock (in-process: read and judged here) or not (remote: the inventory's
 * Try judges it). The in-process statement's text must stay byte-identical (its prepared-
 * statement plan cache and the bench key on it), so each fragment reproduces it to the space.
 */
export interface SeenOptions {
  stock: boolean;
}

const STOCK_COMMENT = Prisma.raw(`
      -- stock: the SKU row plus its buckets (flash mode), as every reader counts it.`);
const STOCK_COLUMNS = Prisma.raw(`
             s.stock + (SELECT coalesce(sum(b.stock), 0)::int FROM sku_stock_buckets b WHERE b.sku_id = s.id) AS stock,
             coalesce(s.flash_buckets > 0, false) AS flash,`);

/**
 * `e` (the order already stored under the idempotency key) and `s_seen` (the demanded SKUs with
 * product, merchant, currency and the line's composed title; with `stock`, the units as every
 * reader counts them), read without locks.
 */
export function seenCtes(p: Placement, { stock }: SeenOptions): Prisma.Sql {
  const ids = p.demand.map(([id]) => id);
  const quantities = p.demand.map(([, quantity]) => quantity);
  return Prisma.sql`e AS MATERIALIZED (
      SELECT id, request_hash FROM orders WHERE buyer_id = ${p.buyerId} AND idempotency_key = ${p.idempotencyKey}
    ), s_seen AS MATERIALIZED (${stock ? STOCK_COMMENT : Prisma.empty}
      SELECT w.id, w.qty, s.id IS NOT NULL AS found, s.code, s.price, s.currency, s.merchant_id, s.product_id,${stock ? STOCK_COLUMNS : Prisma.empty}
             s.status = 'LISTED' AND p.status = 'LISTED' AS listed, coalesce(c.active, false) AS currency_active,
             p.title || ' (' || coalesce(
               (SELECT string_agg(a.value #>> '{}', ', ' ORDER BY a.ord)
                  FROM jsonb_each(CASE WHEN jsonb_typeof(s.attributes) = 'object' THEN s.attributes ELSE '{}'::jsonb END) WITH ORDINALITY AS a(key, value, ord)
                 WHERE jsonb_typeof(a.value) IN ('string', 'number')),
               s.code) || ')' AS title
        FROM unnest(${ids}::int[], ${quantities}::int[]) AS w(id, qty)
        LEFT JOIN skus s ON s.id = w.id LEFT JOIN products p ON p.id = s.product_id LEFT JOIN currencies c ON c.code = s.currency
    )`;
}

const STOCK_REFUSAL = Prisma.raw(
  `WHEN NOT v.currency_active THEN 'CURRENCY_INACTIVE' ELSE 'OUT_OF_STOCK' END, 'stock', v.stock`,
);
const NO_STOCK_REFUSAL = Prisma.raw(`ELSE 'CURRENCY_INACTIVE' END, 'stock', NULL`);

/**
 * The FROM of the read's judgement over `s_seen`: `x` (currency, merchant, priced total, how many
 * merchants and currencies) and `r.refusal`, the first line refused before any lock (ascending
 * SKU id; with `stock`, sold out too), else a mismatch of merchants or currencies. A line not for
 * sale (not found, not listed, its currency off) comes before any line short of stock, whatever
 * their ids: remote mode reads the catalogue before it asks the inventory for stock, so this is
 * how both modes give one demand the same answer (and no stock figure for a SKU that is not sold).
 */
export function readRefusalFrom({ stock }: SeenOptions): Prisma.Sql {
  return Prisma.sql`FROM (SELECT min(currency) AS currency, min(merchant_id) AS merchant_id, sum(price * qty) AS total,
                     count(DISTINCT merchant_id) AS merchants, count(DISTINCT currency) AS currencies
                FROM s_seen) AS x
       CROSS JOIN LATERAL (
         SELECT coalesce(
           (SELECT json_build_object('skuId', v.id, 'code', CASE WHEN NOT v.found THEN 'NOT_FOUND' WHEN NOT v.listed THEN 'NOT_LISTED' ${stock ? STOCK_REFUSAL : NO_STOCK_REFUSAL})
              FROM s_seen v WHERE NOT v.found OR NOT v.listed OR NOT v.currency_active${stock ? Prisma.raw(" OR v.stock < v.qty") : Prisma.empty}
             ORDER BY v.found AND v.listed AND v.currency_active, v.id LIMIT 1),
           CASE WHEN x.merchants > 1 THEN json_build_object('skuId', NULL, 'code', 'MERCHANT_MISMATCH', 'stock', NULL)
                WHEN x.currencies > 1 THEN json_build_object('skuId', NULL, 'code', 'CURRENCY_MISMATCH', 'stock', NULL)
           END) AS refusal
       ) AS r`;
}

/** The ORDER_HOLD journal (available -> frozen by the total), gated on the order row `o`. */
export function orderHoldJournal(): ReturnType<typeof journalCtes> {
  return journalCtes(
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
}

/**
 * After `s_pre` (ok: the read passed): the buyer's account FOR NO KEY UPDATE with its funds guard
 * (the journal's lock part), then the hold limits under it; `h_ok` says all of it passed.
 */
export function fundsAndHoldCtes(p: Placement, journalLock: Prisma.Sql): Prisma.Sql {
  const ids = p.demand.map(([id]) => id);
  const quantities = p.demand.map(([, quantity]) => quantity);
  return Prisma.sql`s_account AS MATERIALIZED (
      SELECT a.id FROM accounts a, s_pre
       WHERE s_pre.ok AND a.user_id = ${p.buyerId} AND a.currency = s_pre.currency AND a.kind = 'WALLET'
    ), ${journalLock},
    s_hold AS MATERIALIZED (
      SELECT placement_hold_refusal(${p.buyerId}, ${ids}::int[], ${quantities}::int[], ${p.maxOpenOrders}::int, ${p.maxHeldUnitsPerSku}::int) AS refusal
       WHERE (SELECT ok FROM j_ok) AND ${p.maxOpenOrders > 0 || p.maxHeldUnitsPerSku > 0}
    ), h_ok AS MATERIALIZED (
      SELECT (SELECT ok FROM j_ok) AND NOT EXISTS (SELECT 1 FROM s_hold WHERE refusal IS NOT NULL) AS ok
    )`;
}

/** The order row, claiming the idempotency key, only once `go` says every check passed. */
export function orderInsertCte(p: Placement): Prisma.Sql {
  return Prisma.sql`o AS (
      INSERT INTO orders (buyer_id, merchant_id, currency, total, idempotency_key, request_hash, expires_at)
      SELECT ${p.buyerId}, s_pre.merchant_id, s_pre.currency, s_pre.total, ${p.idempotencyKey}, ${p.requestHash}, ${p.expiresAt}
        FROM s_pre WHERE (SELECT ok FROM go)
      ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
      RETURNING id, created_at
    )`;
}

/** The final SELECT's columns both statements answer with, over `s_pre`, `result r` and the CTEs above. */
export const PLACED_COLUMNS =
  Prisma.raw(`r.order_id, r.created_at, s_pre.currency, s_pre.merchant_id, s_pre.total::text AS total, s_pre.refusal,
           (SELECT name FROM users WHERE id = s_pre.merchant_id AND r.order_id IS NOT NULL) AS merchant_name,
           (SELECT id FROM s_account) AS account_id, (SELECT ok FROM j_ok) AS funds_ok, (SELECT balance::text FROM j_locked LIMIT 1) AS available,
           (SELECT refusal FROM s_hold) AS hold_refusal,`);

/** The order's lines as written (only with a new order), from `s_seen`. */
export const PLACED_ITEMS = Prisma.raw(`CASE WHEN r.order_id IS NOT NULL THEN
             (SELECT json_agg(json_build_object('skuId', w.id, 'productId', w.product_id, 'code', w.code, 'title', w.title, 'quantity', w.qty, 'unitPrice', w.price::text) ORDER BY w.id) FROM s_seen w)
           END AS items,`);
