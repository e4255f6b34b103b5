import { Prisma, type DbTx } from "@trade/db";
import type { RawSql } from "../inventory/raw.ts";
import type { InvariantViolation } from "./invariants.ts";

/** A raw-SQL client of the inventory database (`rawSql(db.pool)` from @trade/inventory). */
export type RawSqlClient = Pick<RawSql, "$queryRaw">;

/** What the remote-mode check needs: the inventory database and the service's own invariants. */
export interface RemoteStockCheck {
  inventoryDb: RawSqlClient;
  /**
   * `() => checkInventoryInvariants(inventoryDb)` from `@trade/inventory` (per SKU stock + held
   * + sold = its movements, held = the holds of TRIED fences, no negative counter), passed in:
   * the inventory service's package depends on this one, not the other way round.
   */
  checkInventory: () => Promise<{ rule: string; skuId: number | null; detail: Record<string, unknown> }[]>;
}

/**
 * Remote inventory mode's stock invariants:
 * - the inventory's own (`checkInventory`), reported as check "inventory";
 * - the order database's stock columns are all zero (handed over: a stray reader shows 0);
 * - per SKU, the units the inventory holds (row and buckets) equal the units of UNPAID orders
 *   whose global transaction is TRIED: no hold without its order, no order without its hold.
 *
 * The two databases cannot be read in one snapshot. A SKU named by a global transaction still
 * moving (TRYING, CONFIRMING, CANCELLING: between its two local commits) is left out, and a
 * mismatch is read again on both sides and reported only if it is still the same: a placement
 * or payment landing between the two reads moves the figures, a real discrepancy stays put.
 * When nothing is in flight (the tests, the cluster's verdict after its load) the check is exact.
 */
export async function checkRemoteStock(db: DbTx, remote: RemoteStockCheck): Promise<InvariantViolation[]> {
  const violations: InvariantViolation[] = [];
  for (const v of await remote.checkInventory())
    violations.push({
      check: "inventory",
      subject: v.skuId === null ? "inventory" : `sku:${v.skuId}`,
      expected: v.rule,
      actual: JSON.stringify(v.detail),
    });

  const stray = await db.$queryRaw<
    { id: number; stock: number; stock_locked: number; sold: number; buckets: bigint }[]
  >`
    SELECT s.id, s.stock, s.stock_locked, s.sold, (SELECT count(*) FROM sku_stock_buckets b WHERE b.sku_id = s.id) AS buckets
      FROM skus s
     WHERE s.stock <> 0 OR s.stock_locked <> 0 OR s.sold <> 0 OR EXISTS (SELECT 1 FROM sku_stock_buckets b WHERE b.sku_id = s.id)
     ORDER BY s.id LIMIT 100`;
  for (const r of stray)
    violations.push({
      check: "order_db_stock",
      subject: `sku:${r.id}`,
      expected: "0 / 0 / 0, no buckets (handed over)",
      actual: `${r.stock} / ${r.stock_locked} / ${r.sold}, ${r.buckets} buckets`,
    });

  const first = await compareHeld(db, remote.inventoryDb, null);
  if (first.size === 0) return violations;
  const again = await compareHeld(db, remote.inventoryDb, [...first.keys()]);
  for (const [skuId, diff] of first) {
    const still = again.get(skuId);
    if (!still || still.held !== diff.held || still.ordered !== diff.ordered) continue;
    violations.push({
      check: "held_vs_orders",
      subject: `sku:${skuId}`,
      expected: String(diff.ordered),
      actual: String(diff.held),
    });
  }
  return violations;
}

/** Per SKU (all, or `only`), held in the inventory vs units of UNPAID orders whose log is TRIED: the mismatches. */
async function compareHeld(
  db: DbTx,
  inventoryDb: RawSqlClient,
  only: number[] | null,
): Promise<Map<number, { held: number; ordered: number }>> {
  const restrict = only ? Prisma.sql`AND i.sku_id = ANY(${only}::int[])` : Prisma.empty;
  // Read the order side first, then the inventory: a SKU that becomes in flight in between shows
  // as a mismatch in the first pass and is dropped by the second read.
  const ordered = await db.$queryRaw<{ sku_id: number; units: bigint }[]>`
    SELECT i.sku_id, sum(i.quantity) AS units
      FROM order_items i JOIN orders o ON o.id = i.order_id JOIN global_transactions g ON g.order_id = o.id
     WHERE o.status = 'UNPAID' AND g.state = 'TRIED' ${restrict}
     GROUP BY i.sku_id`;
  const inFlight = await db.$queryRaw<{ sku_id: number }[]>`
    SELECT DISTINCT (l->>'skuId')::int AS sku_id
      FROM global_transactions g, jsonb_array_elements(g.lines) l
     WHERE g.state IN ('TRYING', 'CONFIRMING', 'CANCELLING')`;
  const held = await inventoryDb.$queryRaw<{ id: number; held: bigint }[]>(Prisma.sql`
    SELECT s.id, (s.stock_locked + coalesce((SELECT sum(b.stock_locked) FROM sku_stock_buckets b WHERE b.sku_id = s.id), 0))::bigint AS held
      FROM skus s
     WHERE ${only ? Prisma.sql`s.id = ANY(${only}::int[])` : Prisma.sql`true`}
       AND (s.stock_locked <> 0 OR EXISTS (SELECT 1 FROM sku_stock_buckets b WHERE b.sku_id = s.id AND b.stock_locked <> 0))`);
  const skip = new Set(inFlight.map((r) => r.sku_id));
  const sides = new Map<number, { held: number; ordered: number }>();
  for (const r of ordered) sides.set(r.sku_id, { held: 0, ordered: Number(r.units) });
  for (const r of held) sides.set(r.id, { held: Number(r.held), ordered: sides.get(r.id)?.ordered ?? 0 });
  const mismatches = new Map<number, { held: number; ordered: number }>();
  for (const [skuId, side] of sides) if (side.held !== side.ordered && !skip.has(skuId)) mismatches.set(skuId, side);
  return mismatches;
}
