import type { DbTx } from "@trade/db";
import { checkRemoteStock, type RemoteStockCheck } from "./remote-stock-invariants.ts";

export type { RemoteStockCheck, RawSqlClient } from "./remote-stock-invariants.ts";

export interface InvariantViolation {
  check:
    | "ledger_balance"
    | "ledger_frozen"
    | "frozen_holds"
    | "stock_locked"
    | "bucket_locked"
    | "conservation"
    | "journal_balanced"
    | "order_settlement"
    // Remote inventory mode (remote-stock-invariants.ts):
    | "inventory"
    | "order_db_stock"
    | "held_vs_orders";
  /** The row that is wrong: `account:12`, `sku:7`, `bucket:7/3`, `currency:USD`, `journal:99`, `order:5`. */
  subject: string;
  expected: string;
  actual: string;
}

/**
 * The invariants of the books, checked against the database as it is (shared by tests and the
 * job's reconciliation):
 * - every account's balance and frozen equal the sums of its ledger entries per bucket;
 * - every wallet's frozen equals its open holds (UNPAID orders + PENDING withdrawals);
 * - every SKU row's stock_locked equals the quantities of its UNPAID orders held on the row
 *   (order_items.bucket NULL), and every flash-sale bucket's stock_locked the quantities held
 *   in that bucket: together, the SKU's held figure is exact;
 * - per currency, all accounts (including platform cash) sum to zero: money is conserved;
 * - every journal balances;
 * - every PAID order has exactly one settlement and every order a hold.
 * In remote inventory mode (`options.remote`), the stock lives in the inventory database: the
 * order database's two stock checks give way to `checkRemoteStock` (the inventory's own
 * invariants, zeroed stock columns here, and held units = units of UNPAID orders whose global
 * transaction is TRIED); the money checks are the same.
 */
export async function checkInvariants(
  db: DbTx,
  options: {
    remote?: RemoteStockCheck;
    /**
     * Remote mode without access to the inventory database: no stock check at all (the order
     * database's stock columns are zero there, so its own checks would report every UNPAID order).
     */
    stockUnchecked?: boolean;
  } = {},
): Promise<InvariantViolation[]> {
  const violations: InvariantViolation[] = [];

  const ledger = await db.$queryRaw<
    {
      id: number;
      balance: string;
      frozen: string;
      l_balance: string;
      l_frozen: string;
      bad_balance: boolean;
      bad_frozen: boolean;
    }[]
  >`
    SELECT a.id, a.balance::text, a.frozen::text, coalesce(l.avail, 0)::text AS l_balance, coalesce(l.frz, 0)::text AS l_frozen,
           a.balance <> coalesce(l.avail, 0) AS bad_balance, a.frozen <> coalesce(l.frz, 0) AS bad_frozen
      FROM accounts a
      LEFT JOIN (
        SELECT account_id, sum(amount) FILTER (WHERE bucket = 'AVAILABLE') AS avail, sum(amount) FILTER (WHERE bucket = 'FROZEN') AS frz
          FROM ledger_entries GROUP BY account_id
      ) l ON l.account_id = a.id
     WHERE a.balance <> coalesce(l.avail, 0) OR a.frozen <> coalesce(l.frz, 0)`;
  for (const r of ledger) {
    // Compared in SQL as numerics; the text forms are only for the report.
    if (r.bad_balance)
      violations.push({
        check: "ledger_balance",
        subject: `account:${r.id}`,
        expected: r.l_balance,
        actual: r.balance,
      });
    if (r.bad_frozen)
      violations.push({ check: "ledger_frozen", subject: `account:${r.id}`, expected: r.l_frozen, actual: r.frozen });
  }

  const holds = await db.$queryRaw<{ id: number; frozen: string; holds: string }[]>`
    SELECT a.id, a.frozen::text, (coalesce(o.total, 0) + coalesce(w.total, 0))::text AS holds
      FROM accounts a
      LEFT JOIN (SELECT buyer_id, currency, sum(total) AS total FROM orders WHERE status = 'UNPAID' GROUP BY buyer_id, currency) o
        ON o.buyer_id = a.user_id AND o.currency = a.currency
      LEFT JOIN (SELECT user_id, currency, sum(amount) AS total FROM withdrawals WHERE status = 'PENDING' GROUP BY user_id, currency) w
        ON w.user_id = a.user_id AND w.currency = a.currency
     WHERE a.kind = 'WALLET' AND a.frozen <> coalesce(o.total, 0) + coalesce(w.total, 0)`;
  for (const r of holds)
    violations.push({ check: "frozen_holds", subject: `account:${r.id}`, expected: r.holds, actual: r.frozen });

  if (options.remote) violations.push(...(await checkRemoteStock(db, options.remote)));
  else if (!options.stockUnchecked) violations.push(...(await checkLocalStock(db)));

  const conservation = await db.$queryRaw<{ currency: string; total: string }[]>`
    SELECT currency, sum(balance + frozen)::text AS total FROM accounts GROUP BY currency HAVING sum(balance + frozen) <> 0`;
  for (const r of conservation)
    violations.push({ check: "conservation", subject: `currency:${r.currency}`, expected: "0", actual: r.total });

  const journals = await db.$queryRaw<{ journal_id: bigint; total: string }[]>`
    SELECT journal_id, sum(amount)::text AS total FROM ledger_entries GROUP BY journal_id HAVING sum(amount) <> 0`;
  for (const r of journals)
    violations.push({ check: "journal_balanced", subject: `journal:${r.journal_id}`, expected: "0", actual: r.total });

  const settlements = await db.$queryRaw<
    { id: number; status: string; holds: bigint; settles: bigint; releases: bigint }[]
  >`
    SELECT o.id, o.status::text,
           count(*) FILTER (WHERE j.type = 'ORDER_HOLD') AS holds,
           count(*) FILTER (WHERE j.type = 'ORDER_SETTLE') AS settles,
           count(*) FILTER (WHERE j.type = 'ORDER_RELEASE') AS releases
      FROM orders o LEFT JOIN journals j ON j.order_id = o.id
     GROUP BY o.id, o.status
    HAVING count(*) FILTER (WHERE j.type = 'ORDER_HOLD') <> 1
        OR count(*) FILTER (WHERE j.type = 'ORDER_SETTLE') <> (CASE WHEN o.status = 'PAID' THEN 1 ELSE 0 END)
        OR count(*) FILTER (WHERE j.type = 'ORDER_RELEASE') <> (CASE WHEN o.status IN ('CANCELLED', 'EXPIRED') THEN 1 ELSE 0 END)`;
  for (const r of settlements)
    violations.push({
      check: "order_settlement",
      subject: `order:${r.id}`,
      expected: `${r.status}: 1 hold + its resolution`,
      actual: `holds ${r.holds}, settles ${r.settles}, releases ${r.releases}`,
    });

  return violations;
}

/** Local mode: the SKU rows' and buckets' held units against the UNPAID orders holding them. */
async function checkLocalStock(db: DbTx): Promise<InvariantViolation[]> {
  const violations: InvariantViolation[] = [];
  const stock = await db.$queryRaw<{ id: number; stock_locked: number; held: bigint }[]>`
    SELECT s.id, s.stock_locked, coalesce(h.q, 0) AS held
      FROM skus s
      LEFT JOIN (SELECT i.sku_id, sum(i.quantity) AS q FROM order_items i JOIN orders o ON o.id = i.order_id
                  WHERE o.status = 'UNPAID' AND i.bucket IS NULL GROUP BY i.sku_id) h
        ON h.sku_id = s.id
     WHERE s.stock_locked <> coalesce(h.q, 0)`;
  for (const r of stock)
    violations.push({
      check: "stock_locked",
      subject: `sku:${r.id}`,
      expected: String(r.held),
      actual: String(r.stock_locked),
    });

  const buckets = await db.$queryRaw<{ sku_id: number; bucket: number; stock_locked: number; held: bigint }[]>`
    SELECT coalesce(b.sku_id, h.sku_id) AS sku_id, coalesce(b.bucket, h.bucket) AS bucket,
           coalesce(b.stock_locked, 0) AS stock_locked, coalesce(h.q, 0) AS held
      FROM sku_stock_buckets b
      FULL JOIN (SELECT i.sku_id, i.bucket, sum(i.quantity) AS q FROM order_items i JOIN orders o ON o.id = i.order_id
                  WHERE o.status = 'UNPAID' AND i.bucket IS NOT NULL GROUP BY i.sku_id, i.bucket) h
        ON h.sku_id = b.sku_id AND h.bucket = b.bucket
     WHERE coalesce(b.stock_locked, 0) <> coalesce(h.q, 0)`;
  for (const r of buckets)
    violations.push({
      check: "bucket_locked",
      subject: `bucket:${r.sku_id}/${r.bucket}`,
      expected: String(r.held),
      actual: String(r.stock_locked),
    });

  return violations;
}
