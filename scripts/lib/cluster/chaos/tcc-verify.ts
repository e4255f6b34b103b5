import { withClient } from "../postgres-pair.ts";
import { sleep } from "./client.ts";

/**
 * The checks of issue 16 after the chaos load, across the two databases (order: orders,
 * order_items, global_transactions; inventory: skus, sku_stock_buckets, stock_holds,
 * tcc_fences):
 * - per SKU, the units at handover = stock + held + sold now (nothing created or lost);
 * - held units = the holds of TRIED fences, and none are left once every order ended;
 * - every global transaction final (CONFIRMED or CANCELLED), and its stock fence in the same
 *   state; no fence without a log row (the log is written before the first remote call);
 * - every order placed after the handover agrees with its branches: PAID => log and fence
 *   CONFIRMED; CANCELLED / EXPIRED => both CANCELLED; UNPAID => both TRIED;
 * - per SKU, the units sold since the handover = the units of PAID orders placed since (no
 *   order PAID without its stock consumed, no stock consumed for an order not PAID).
 */
export interface InventoryBaseline {
  /** SKU id -> stock + held + sold (row and flash buckets) right after the handover. */
  units: Map<number, number>;
  sold: Map<number, number>;
  /** Orders with a larger id were placed through the TCC path. */
  lastOrderId: number;
}

const UNITS_SQL = `
  SELECT s.id, (s.stock + s.stock_locked + s.sold + coalesce(sum(b.stock + b.stock_locked + b.sold), 0))::int AS units,
         (s.sold + coalesce(sum(b.sold), 0))::int AS sold,
         (s.stock_locked + coalesce(sum(b.stock_locked), 0))::int AS held,
         least(s.stock, s.stock_locked, s.sold, coalesce(min(least(b.stock, b.stock_locked, b.sold)), 0))::int AS lowest
    FROM skus s LEFT JOIN sku_stock_buckets b ON b.sku_id = s.id
   GROUP BY s.id`;

interface UnitsRow {
  id: number;
  units: number;
  sold: number;
  held: number;
  lowest: number;
}

export async function snapshotInventory(orderDbUrl: string, inventoryDbUrl: string): Promise<InventoryBaseline> {
  const rows = await withClient(inventoryDbUrl, async (c) => (await c.query<UnitsRow>(UNITS_SQL)).rows);
  const last = await withClient(orderDbUrl, (c) =>
    c.query<{ id: number | null }>("SELECT max(id)::int AS id FROM orders"),
  );
  return {
    units: new Map(rows.map((r) => [r.id, r.units])),
    sold: new Map(rows.map((r) => [r.id, r.sold])),
    lastOrderId: last.rows[0]?.id ?? 0,
  };
}

const UNFINISHED = "state IN ('TRYING', 'CONFIRMING', 'CANCELLING')";

/** Waits until no global transaction is mid-way (TRYING, CONFIRMING, CANCELLING). */
export async function waitForFinalTransactions(orderDbUrl: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let open = -1;
  while (Date.now() < deadline) {
    open = await withClient(orderDbUrl, async (c) =>
      Number(
        (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM global_transactions WHERE ${UNFINISHED}`)).rows[0]
          ?.n,
      ),
    ).catch(() => -1);
    if (open === 0) return 0;
    await sleep(1_000);
  }
  return open;
}

/**
 * Seconds from `healedAtMs` (epoch) until every global transaction begun before it is no longer
 * mid-way; null if that takes longer than `timeoutMs`. Errors (a failover) are retried.
 */
export async function measureRecovery(
  orderDbUrl: string,
  healedAtMs: number,
  timeoutMs: number,
): Promise<number | null> {
  const deadline = healedAtMs + timeoutMs;
  while (Date.now() < deadline) {
    const open = await withClient(orderDbUrl, async (c) =>
      Number(
        (
          await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM global_transactions WHERE ${UNFINISHED} AND created_at <= to_timestamp($1 / 1000.0)`,
            [healedAtMs],
          )
        ).rows[0]?.n,
      ),
    ).catch(() => -1);
    if (open === 0) return Math.max(0, (Date.now() - healedAtMs) / 1000);
    await sleep(250);
  }
  return null;
}

interface TxRow {
  id: string;
  order_id: number | null;
  state: string;
  status: string | null;
}

export async function verifyTcc(
  orderDbUrl: string,
  inventoryDbUrl: string,
  baseline: InventoryBaseline,
): Promise<{ problems: string[]; summary: string[] }> {
  const problems: string[] = [];
  const inventory = await withClient(inventoryDbUrl, async (c) => ({
    units: (await c.query<UnitsRow>(UNITS_SQL)).rows,
    fences: (
      await c.query<{ tx_id: string; state: string }>("SELECT tx_id, state FROM tcc_fences WHERE branch = 'stock'")
    ).rows,
    tried: (
      await c.query<{ sku_id: number; units: number }>(
        `SELECT h.sku_id, sum(h.quantity)::int AS units FROM stock_holds h
           JOIN tcc_fences f ON f.tx_id = h.tx_id AND f.branch = 'stock' AND f.state = 'TRIED'
          GROUP BY h.sku_id`,
      )
    ).rows,
  }));
  const order = await withClient(orderDbUrl, async (c) => ({
    txs: (
      await c.query<TxRow>(
        `SELECT g.id, g.order_id, g.state, o.status::text AS status
           FROM global_transactions g LEFT JOIN orders o ON o.id = g.order_id`,
      )
    ).rows,
    untracked: (
      await c.query<{ id: number; status: string }>(
        `SELECT o.id, o.status::text AS status FROM orders o
          WHERE o.id > $1 AND NOT EXISTS (SELECT 1 FROM global_transactions g WHERE g.order_id = o.id)`,
        [baseline.lastOrderId],
      )
    ).rows,
    paidUnits: (
      await c.query<{ sku_id: number; units: number }>(
        `SELECT i.sku_id, sum(i.quantity)::int AS units FROM order_items i JOIN orders o ON o.id = i.order_id
          WHERE o.id > $1 AND o.status = 'PAID' GROUP BY i.sku_id`,
        [baseline.lastOrderId],
      )
    ).rows,
  }));

  // Units: conserved, never negative, held = TRIED holds, sold = PAID orders' units.
  const heldByTried = new Map(inventory.tried.map((r) => [r.sku_id, r.units]));
  const paid = new Map(order.paidUnits.map((r) => [r.sku_id, r.units]));
  for (const row of inventory.units) {
    const initial = baseline.units.get(row.id);
    if (initial !== undefined && initial !== row.units)
      problems.push(`sku ${row.id}: ${initial} units at handover, ${row.units} now (stock + held + sold)`);
    if (row.lowest < 0) problems.push(`sku ${row.id}: a negative stock counter`);
    if (row.held !== (heldByTried.get(row.id) ?? 0))
      problems.push(`sku ${row.id}: ${row.held} held, ${heldByTried.get(row.id) ?? 0} in holds of TRIED fences`);
    const soldSince = row.sold - (baseline.sold.get(row.id) ?? 0);
    if (soldSince !== (paid.get(row.id) ?? 0))
      problems.push(`sku ${row.id}: ${soldSince} units sold since handover, ${paid.get(row.id) ?? 0} in PAID orders`);
  }
  for (const row of order.untracked) problems.push(`order #${row.id} (${row.status}) has no global transaction`);

  // Branches: the log, the order and the fence agree.
  const fence = new Map(inventory.fences.map((f) => [f.tx_id, f.state]));
  const logged = new Set(order.txs.map((t) => t.id));
  const expected: Record<string, string> = {
    PAID: "CONFIRMED",
    CANCELLED: "CANCELLED",
    EXPIRED: "CANCELLED",
    UNPAID: "TRIED",
  };
  for (const tx of order.txs) {
    const stock = fence.get(tx.id);
    if (tx.state !== "CONFIRMED" && tx.state !== "CANCELLED" && tx.state !== "TRIED")
      problems.push(`global transaction ${tx.id}: still ${tx.state} after recovery`);
    if (tx.state === "TRIED" && tx.status !== "UNPAID")
      problems.push(`global transaction ${tx.id}: TRIED, its order is ${tx.status ?? "missing"}`);
    if (tx.status !== null && expected[tx.status] !== tx.state)
      problems.push(`order #${tx.order_id} is ${tx.status}, its global transaction ${tx.state}`);
    if ((tx.state === "CONFIRMED" || tx.state === "CANCELLED" || tx.state === "TRIED") && stock !== tx.state)
      problems.push(`global transaction ${tx.id} is ${tx.state}, its stock fence ${stock ?? "missing"}`);
  }
  for (const f of inventory.fences)
    if (!logged.has(f.tx_id)) problems.push(`fence ${f.tx_id} (${f.state}) has no log row`);

  // What was checked, so a verdict over nothing cannot read green.
  const count = (values: string[]) => {
    const n = new Map<string, number>();
    for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
    return [...n.entries()].map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  };
  const summary = [
    `global transactions: ${count(order.txs.map((t) => t.state))}`,
    `stock fences: ${count(inventory.fences.map((f) => f.state))}`,
    `orders since the handover: ${count(order.txs.flatMap((t) => (t.status ? [t.status] : [])))}`,
    `units sold since the handover: ${[...paid.values()].reduce((a, b) => a + b, 0)} over ${paid.size} SKUs`,
  ];
  if (!order.txs.some((t) => t.state === "CONFIRMED"))
    problems.push("no global transaction was CONFIRMED: nothing checked");
  if (!order.txs.some((t) => t.state === "CANCELLED"))
    problems.push("no global transaction was CANCELLED: nothing checked");
  return { problems, summary };
}
