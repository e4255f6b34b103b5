import { Prisma } from "@trade/db";
import type { ErrorCode } from "../errors/index.ts";
import type { Money } from "../money/server.ts";
import { journalCtes } from "../wallet/post-journal.ts";

export interface PlacementLine {
  skuId: number;
  quantity: number;
  unitPrice: Money;
  title: string;
}

export interface Placement {
  buyerId: number;
  merchantId: number;
  /** The buyer's wallet account in `currency`. */
  accountId: number;
  currency: string;
  total: Money;
  expiresAt: Date;
  idempotencyKey: string;
  requestHash: string;
  /** One per SKU, ascending SKU id. */
  lines: PlacementLine[];
}

export type PlacementRow = {
  /** The new order; null when nothing was written (a refusal, or the key was already claimed). */
  order_id: number | null;
  created_at: Date | null;
  /** The buyer's account exists in the currency and its available balance covers the total. */
  funds_ok: boolean;
  /** The first refused line (ascending SKU id) when funds were fine but a SKU was not. */
  refusal: { skuId: number; code: Extract<ErrorCode, "NOT_FOUND" | "NOT_LISTED" | "PRICE_CHANGED" | "OUT_OF_STOCK">; stock: number | null } | null;
};

/**
 * Order placement as ONE statement, run as the only statement of the placement's interactive
 * transaction. It does what a five-statement transaction would, with the same guards and lock
 * order, in one round trip, so the hot SKU lock (the last one taken) is held only from this
 * statement to COMMIT:
 * 1. the buyer's account, locked FOR NO KEY UPDATE, and its funds guard (`journalCtes`);
 * 2. only if funds suffice: the SKUs, locked FOR NO KEY UPDATE in ascending id (the hot row is
 *    the last lock taken), each checked: listed (SKU and product), priced as quoted, in stock;
 * 3. only if every check passed: the order row (claiming the idempotency key: ON CONFLICT DO
 *    NOTHING), its items, the ORDER_HOLD journal (available -> frozen) and the stock hold
 *    (stock -> stock_locked). Every write depends on the order row, so a claimed key writes
 *    nothing else.
 * Nothing is written on a refusal, so no rollback is needed to keep the books whole. The final
 * SELECT asserts that an inserted order came with its journal entries and every stock hold;
 * should that ever not hold, it divides by zero, which aborts the statement (and so the
 * transaction) instead of committing a partial order.
 */
export function placementSql(p: Placement): Prisma.Sql {
  const ids = p.lines.map((l) => l.skuId);
  const quantities = p.lines.map((l) => l.quantity);
  const prices = p.lines.map((l) => l.unitPrice.toString());
  const titles = p.lines.map((l) => l.title);
  const journal = journalCtes(
    {
      type: "ORDER_HOLD", currency: p.currency,
      lines: [
        { accountId: p.accountId, bucket: "AVAILABLE", amount: p.total.negated() },
        { accountId: p.accountId, bucket: "FROZEN", amount: p.total },
      ],
    },
    { orderIdSql: Prisma.sql`(SELECT id FROM o)`, gate: Prisma.sql`EXISTS (SELECT 1 FROM o)` },
  );
  return Prisma.sql`
    WITH ${journal.lock},
    s_wanted AS (
      SELECT * FROM unnest(${ids}::int[], ${quantities}::int[], ${prices}::numeric[], ${titles}::text[]) AS w(id, qty, price, title)
    ), s_locked AS MATERIALIZED (
      SELECT s.id, s.stock, s.status, s.price, s.product_id FROM skus s
       WHERE s.id = ANY(${ids}::int[]) AND (SELECT ok FROM j_ok)
       ORDER BY s.id FOR NO KEY UPDATE
    ), s_checked AS MATERIALIZED (
      SELECT w.id, w.qty, k.stock,
             CASE WHEN k.id IS NULL THEN 'NOT_FOUND'
                  WHEN k.status <> 'LISTED' OR NOT EXISTS (SELECT 1 FROM products p WHERE p.id = k.product_id AND p.status = 'LISTED') THEN 'NOT_LISTED'
                  WHEN k.price <> w.price THEN 'PRICE_CHANGED'
                  WHEN k.stock < w.qty THEN 'OUT_OF_STOCK'
             END AS refusal
        FROM s_wanted w LEFT JOIN s_locked k ON k.id = w.id
    ), go AS MATERIALIZED (
      SELECT (SELECT ok FROM j_ok) AND NOT EXISTS (SELECT 1 FROM s_checked WHERE refusal IS NOT NULL) AS ok
    ), o AS (
      INSERT INTO orders (buyer_id, merchant_id, currency, total, idempotency_key, request_hash, expires_at)
      SELECT ${p.buyerId}, ${p.merchantId}, ${p.currency}, ${p.total.toString()}::numeric, ${p.idempotencyKey}, ${p.requestHash}, ${p.expiresAt}
       WHERE (SELECT ok FROM go)
      ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
      RETURNING id, created_at
    ), ${journal.write},
    o_items AS (
      INSERT INTO order_items (order_id, sku_id, quantity, unit_price, title)
      SELECT o.id, w.id, w.qty, w.price, w.title FROM o, s_wanted w
      RETURNING 1
    ), s_held AS (
      UPDATE skus s
         SET stock = s.stock - w.qty, stock_locked = s.stock_locked + w.qty, updated_at = now()
        FROM s_wanted w
       WHERE s.id = w.id AND s.stock >= w.qty AND EXISTS (SELECT 1 FROM o)
      RETURNING s.id
    ), result AS (
      SELECT (SELECT id FROM o) AS order_id, (SELECT created_at FROM o) AS created_at, (SELECT ok FROM j_ok) AS funds_ok,
             (SELECT json_build_object('skuId', c.id, 'code', c.refusal, 'stock', c.stock) FROM s_checked c WHERE c.refusal IS NOT NULL ORDER BY c.id LIMIT 1) AS refusal,
             (SELECT count(*) FROM j_entries) AS entries, (SELECT count(*) FROM o_items) AS items, (SELECT count(*) FROM s_held) AS held
    )
    SELECT order_id, created_at, funds_ok, refusal,
           1 / (CASE WHEN order_id IS NULL OR (entries = 2 AND items = ${p.lines.length}::bigint AND held = ${p.lines.length}::bigint) THEN 1 ELSE 0 END) AS complete
      FROM result`;
}
