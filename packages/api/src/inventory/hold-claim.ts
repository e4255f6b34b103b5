import { Prisma } from "@trade/db";

/**
 * The stock part of a hold statement, as CTEs, shared by the order placement (order database,
 * local mode: `order/place-statement.ts`) and the inventory service's Try (inventory database,
 * remote mode: apps/inventory/src/tcc.ts), so the rules of holding units are written once.
 *
 * The statement provides `s_seen` (one row per SKU, ascending id: `id`, `qty`, and `flash`, the
 * SKU's mode as read without locks) and a boolean gate (lock nothing unless it holds). These CTEs
 * then:
 * - `s_locked`: lock the SKU rows one at a time in ascending id (a LATERAL runs per outer row, in
 *   its order): FOR NO KEY UPDATE for a normal SKU, FOR SHARE for a flash-sale one (any number of
 *   buyers hold it at once; a price change, delist or mode switch waits for them);
 * - (`afterLock`: the caller's CTEs that must come after the SKU locks, e.g. products FOR SHARE);
 * - `s_judged`: each line judged on the locked row: NOT_FOUND, MODE_CHANGED (the mode changed
 *   between the read and the lock), the caller's own refusals, OUT_OF_STOCK (normal mode);
 * - `b_claim`: a flash SKU's bucket that holds the quantity, claimed only when every line passed
 *   (no lock for a refusal): probed with SKIP LOCKED from a random start, or waited for
 *   (`waitForBucket`, only in a fresh transaction after a probe found all busy);
 * - `s_checked`: no bucket claimed: BUCKETS_BUSY when one held the quantity as read (all
 *   locked), else BUCKETS_SHORT (the caller rebalances them: `consolidateBuckets`).
 * `stockHoldWrites` then moves the units (stock -> stock_locked) on the SKU row or in the
 * claimed bucket, gated on the caller's decision to write.
 */
export interface ClaimSpec {
  /** Lock nothing unless this holds (a boolean expression). */
  gate: Prisma.Sql;
  waitForBucket?: boolean;
  /** More (NOT NULL) columns read from the locked SKU row, exposed on `s_locked` by the same name. */
  lockedColumns?: string[];
  /** CTEs (each followed by a comma) between the SKU locks and the judgement. */
  afterLock?: Prisma.Sql;
  /** More refusals (`WHEN ... THEN 'CODE'`) judged on `k` (s_locked) and `w` (s_seen), after MODE_CHANGED. */
  refusals?: Prisma.Sql;
}

export function stockClaimCtes(spec: ClaimSpec): Prisma.Sql {
  // The probe goes round from the random start and never waits; the waiting claim only goes up
  // from the start, in the order the rebalance locks buckets, so no two ever wait in a cycle.
  const claim = spec.waitForBucket
    ? {
        // From the random start, or from the lowest bucket when none from there on holds the quantity.
        where: Prisma.sql`AND b.bucket >= coalesce((SELECT min(x.bucket) FROM sku_stock_buckets x WHERE x.sku_id = j.id AND x.stock >= j.qty AND x.bucket >= j.start), 0)`,
        order: Prisma.sql`b.bucket`,
        skip: Prisma.empty,
      }
    : {
        where: Prisma.empty,
        order: Prisma.sql`b.bucket >= j.start DESC, b.bucket`,
        skip: Prisma.sql`SKIP LOCKED`,
      };
  // Columns in the order the placement statement always had them (its plan is the hot path's).
  const columns = ["stock", ...(spec.lockedColumns ?? []), "flash_buckets"];
  const read = Prisma.raw(columns.map((c) => `s.${c}`).join(", "));
  const merged = Prisma.raw(columns.map((c) => `coalesce(n.${c}, f.${c}) AS ${c}`).join(", "));
  // A row was locked (either way): its NOT NULL column is set.
  const found = Prisma.raw(
    `coalesce(n.${columns[1] ?? "flash_buckets"}, f.${columns[1] ?? "flash_buckets"}) IS NOT NULL`,
  );
  return Prisma.sql`
    s_locked AS MATERIALIZED (
      -- As the unlocked read saw the SKU's mode (re-checked on the locked row: MODE_CHANGED).
      SELECT w.id, ${merged}
        FROM (SELECT id, flash FROM s_seen WHERE ${spec.gate} ORDER BY id) w
        LEFT JOIN LATERAL (SELECT ${read} FROM skus s WHERE s.id = w.id AND NOT w.flash FOR NO KEY UPDATE) n ON true
        LEFT JOIN LATERAL (SELECT ${read} FROM skus s WHERE s.id = w.id AND w.flash FOR SHARE) f ON true
       WHERE ${found}
    ), ${spec.afterLock ?? Prisma.empty}
    s_judged AS MATERIALIZED (
      SELECT w.id, w.qty, w.flash, k.stock, CASE WHEN w.flash THEN floor(random() * greatest(k.flash_buckets, 1))::int END AS start,
             CASE WHEN k.id IS NULL THEN 'NOT_FOUND'
                  WHEN (k.flash_buckets > 0) <> w.flash THEN 'MODE_CHANGED'
                  ${spec.refusals ?? Prisma.empty}
                  WHEN NOT w.flash AND k.stock < w.qty THEN 'OUT_OF_STOCK'
             END AS refusal
        FROM s_seen w LEFT JOIN s_locked k ON k.id = w.id
       WHERE ${spec.gate}
    ), b_claim AS MATERIALIZED (
      SELECT j.id, b.bucket FROM s_judged j
       CROSS JOIN LATERAL (SELECT b.bucket FROM sku_stock_buckets b WHERE b.sku_id = j.id AND b.stock >= j.qty ${claim.where}
                            ORDER BY ${claim.order} LIMIT 1 FOR NO KEY UPDATE ${claim.skip}) b
       WHERE j.flash AND j.refusal IS NULL AND NOT EXISTS (SELECT 1 FROM s_judged x WHERE x.refusal IS NOT NULL)
    ), s_checked AS MATERIALIZED (
      SELECT j.id, CASE WHEN j.flash THEN (SELECT coalesce(sum(b.stock), 0)::int FROM sku_stock_buckets b WHERE b.sku_id = j.id) ELSE j.stock END AS stock,
             coalesce(j.refusal, CASE WHEN j.flash AND NOT EXISTS (SELECT 1 FROM b_claim c WHERE c.id = j.id) THEN
               CASE WHEN ${spec.waitForBucket ? Prisma.sql`false` : Prisma.sql`EXISTS (SELECT 1 FROM sku_stock_buckets b WHERE b.sku_id = j.id AND b.stock >= j.qty)`}
                    THEN 'BUCKETS_BUSY' ELSE 'BUCKETS_SHORT' END END) AS refusal
        FROM s_judged j
    )`;
}

/**
 * The hold itself (`s_held` on SKU rows, `b_held` in claimed buckets: stock -> stock_locked),
 * only if `write` holds; both RETURNING the SKU id, so the caller can assert every line held.
 */
export function stockHoldWrites(write: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    s_held AS (
      UPDATE skus s
         SET stock = s.stock - w.qty, stock_locked = s.stock_locked + w.qty, updated_at = now()
        FROM s_seen w
       WHERE s.id = w.id AND NOT w.flash AND s.stock >= w.qty AND ${write}
      RETURNING s.id
    ), b_held AS (
      UPDATE sku_stock_buckets b
         SET stock = b.stock - w.qty, stock_locked = b.stock_locked + w.qty
        FROM b_claim c JOIN s_seen w ON w.id = c.id
       WHERE b.sku_id = c.id AND b.bucket = c.bucket AND b.stock >= w.qty AND ${write}
      RETURNING b.sku_id
    )`;
}
