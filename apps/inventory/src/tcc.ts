import { fail } from "@trade/api/errors";
import {
  consolidateBuckets,
  MAX_LINE_QUANTITY,
  runWithBucketRetries,
  settleHolds,
  stockClaimCtes,
  stockHoldWrites,
  txHolds,
  type ClaimRefusal,
  type RawSql,
  type SettleOutcome,
  type StockLine,
  type TryOutcome,
} from "@trade/api/inventory";
import { Prisma } from "@trade/db";
import { inTx, Rollback, type InventoryDb } from "./db.ts";

/**
 * Try / Confirm / Cancel of the stock branch, each one short local transaction that writes the
 * fence row (tcc_fences, keyed by (txId, 'stock')) with the business change. The fence row's
 * primary key serialises every call of one txId: an INSERT of the same key waits for the
 * transaction that inserted it first, and a state change locks the row (FOR UPDATE). Lock order
 * everywhere: the fence row, then SKU rows by ascending id, then their buckets.
 * The rules (docs/architecture.md, "Fence rules"):
 * - Try: fence TRIED inserted with the hold; a TRIED/CONFIRMED fence answers ok (idempotent,
 *   holds nothing more); a CANCELLED one answers CANCELLED (no suspension); a refused Try writes
 *   nothing (its fence is rolled back with it).
 * - Confirm: TRIED -> consume the holds + CONFIRMED; CONFIRMED -> ok; CANCELLED -> CANCELLED; no
 *   fence -> NOT_TRIED.
 * - Cancel: no fence -> CANCELLED inserted (empty rollback), ok; TRIED -> release + CANCELLED;
 *   CANCELLED -> ok; CONFIRMED -> CONFIRMED.
 */
const BRANCH = "stock";

type FenceState = "TRIED" | "CONFIRMED" | "CANCELLED";

type TryRow = { kind: "fenced"; state: FenceState } | { kind: "held" } | { kind: "refused"; refusal: ClaimRefusal };

export async function tryHold(db: InventoryDb, txId: string, lines: StockLine[]): Promise<TryOutcome> {
  const demand = aggregate(lines);
  const outcome = await runWithBucketRetries(
    new Map(demand),
    (waitForBucket) => inTx(db, (tx) => tryOnce(tx, txId, demand, waitForBucket)),
    (row) => (row.kind === "refused" ? row.refusal : null),
    (skuId, quantity) => inTx(db, (tx) => consolidateBuckets(tx, skuId, quantity)),
  );
  if ("outOfStock" in outcome) return { ok: false, code: "OUT_OF_STOCK", ...outcome.outOfStock };
  const row = outcome.row;
  if (row.kind === "held") return { ok: true };
  if (row.kind === "fenced") return row.state === "CANCELLED" ? { ok: false, code: "CANCELLED" } : { ok: true };
  const { code, skuId, stock } = row.refusal;
  if (code === "NOT_FOUND") fail("NOT_FOUND", { resource: "sku", skuId });
  if (code === "OUT_OF_STOCK") return { ok: false, code: "OUT_OF_STOCK", skuId, available: stock ?? 0 };
  // Flash-sale refusals left after runWithBucketRetries's runs.
  fail("BUSY");
}

async function tryOnce(tx: RawSql, txId: string, demand: [number, number][], waitForBucket: boolean): Promise<TryRow> {
  const inserted = await tx.$queryRaw<{ state: string }[]>(Prisma.sql`
    INSERT INTO tcc_fences (tx_id, branch, state) VALUES (${txId}, ${BRANCH}, 'TRIED')
    ON CONFLICT (tx_id, branch) DO NOTHING RETURNING state`);
  if (!inserted[0]) return { kind: "fenced", state: await fenceState(tx, txId, "FOR SHARE") };
  const rows = await tx.$queryRaw<{ refusal: ClaimRefusal | null; holds: number; held: number }[]>(
    trySql(txId, demand, waitForBucket),
  );
  const row = rows[0];
  // A refusal rolls the fence back too: a refused Try leaves no trace, and a later Try may hold.
  if (row?.refusal) throw new Rollback<TryRow>({ kind: "refused", refusal: row.refusal });
  if (!row || row.holds !== demand.length || row.held !== demand.length)
    fail("INTERNAL", { txId }, "stock hold not written in full");
  return { kind: "held" };
}

/**
 * The Try as one statement: the SKUs read without locks (unknown or sold out: refused before any
 * lock), then the stock part shared with the order placement (`stockClaimCtes`: SKU locks in
 * ascending id, FOR SHARE + a bucket SKIP LOCKED for flash-sale SKUs), then the hold and its
 * lines in stock_holds (with the claimed bucket, where Confirm and Cancel settle them).
 */
function trySql(txId: string, demand: [number, number][], waitForBucket: boolean): Prisma.Sql {
  const ids = demand.map(([id]) => id);
  const quantities = demand.map(([, q]) => q);
  return Prisma.sql`
    WITH s_seen AS MATERIALIZED (
      SELECT w.id, w.qty, s.id IS NOT NULL AS found, coalesce(s.flash_buckets > 0, false) AS flash,
             s.stock + (SELECT coalesce(sum(b.stock), 0)::int FROM sku_stock_buckets b WHERE b.sku_id = s.id) AS stock
        FROM unnest(${ids}::int[], ${quantities}::int[]) AS w(id, qty) LEFT JOIN skus s ON s.id = w.id
    ), s_pre AS MATERIALIZED (
      SELECT (SELECT json_build_object('skuId', v.id, 'code', CASE WHEN NOT v.found THEN 'NOT_FOUND' ELSE 'OUT_OF_STOCK' END, 'stock', coalesce(v.stock, 0))
                FROM s_seen v WHERE NOT v.found OR v.stock < v.qty ORDER BY v.id LIMIT 1) AS refusal
    ), h_ok AS MATERIALIZED (
      SELECT (SELECT refusal FROM s_pre) IS NULL AS ok
    ),
    ${stockClaimCtes({ gate: Prisma.sql`(SELECT ok FROM h_ok)`, waitForBucket })},
    go AS MATERIALIZED (
      SELECT (SELECT ok FROM h_ok) AND NOT EXISTS (SELECT 1 FROM s_checked WHERE refusal IS NOT NULL) AS ok
    ), ${stockHoldWrites(Prisma.sql`(SELECT ok FROM go)`)},
    h_rows AS (
      INSERT INTO stock_holds (tx_id, sku_id, bucket, quantity)
      SELECT ${txId}, w.id, c.bucket, w.qty FROM s_seen w LEFT JOIN b_claim c ON c.id = w.id WHERE (SELECT ok FROM go)
      RETURNING 1
    )
    SELECT coalesce((SELECT refusal FROM s_pre),
                    (SELECT json_build_object('skuId', c.id, 'code', c.refusal, 'stock', c.stock)
                       FROM s_checked c WHERE c.refusal IS NOT NULL ORDER BY c.id LIMIT 1)) AS refusal,
           (SELECT count(*) FROM h_rows)::int AS holds,
           ((SELECT count(*) FROM s_held) + (SELECT count(*) FROM b_held))::int AS held`;
}

export function confirm(db: InventoryDb, txId: string): Promise<SettleOutcome> {
  return inTx(db, async (tx) => {
    const state = await fenceState(tx, txId, "FOR UPDATE", true);
    if (state === null) return { ok: false, code: "NOT_TRIED" };
    if (state === "CONFIRMED") return { ok: true };
    if (state === "CANCELLED") return { ok: false, code: "CANCELLED" };
    await settleHolds(tx, txHolds(txId), "consume");
    await setFence(tx, txId, "CONFIRMED");
    return { ok: true };
  });
}

export function cancel(db: InventoryDb, txId: string): Promise<SettleOutcome> {
  return inTx(db, async (tx) => {
    // Empty rollback: no Try arrived (yet); the CANCELLED fence refuses it when it does.
    const inserted = await tx.$queryRaw<{ state: string }[]>(Prisma.sql`
      INSERT INTO tcc_fences (tx_id, branch, state) VALUES (${txId}, ${BRANCH}, 'CANCELLED')
      ON CONFLICT (tx_id, branch) DO NOTHING RETURNING state`);
    if (inserted[0]) return { ok: true };
    const state = await fenceState(tx, txId, "FOR UPDATE");
    if (state === "CANCELLED") return { ok: true };
    if (state === "CONFIRMED") return { ok: false, code: "CONFIRMED" };
    await settleHolds(tx, txHolds(txId), "release");
    await setFence(tx, txId, "CANCELLED");
    return { ok: true };
  });
}

async function fenceState(tx: RawSql, txId: string, lock: "FOR SHARE" | "FOR UPDATE"): Promise<FenceState>;
async function fenceState(
  tx: RawSql,
  txId: string,
  lock: "FOR SHARE" | "FOR UPDATE",
  missingOk: true,
): Promise<FenceState | null>;
async function fenceState(
  tx: RawSql,
  txId: string,
  lock: "FOR SHARE" | "FOR UPDATE",
  missingOk = false,
): Promise<FenceState | null> {
  const rows = await tx.$queryRaw<{ state: FenceState }[]>(Prisma.sql`
    SELECT state FROM tcc_fences WHERE tx_id = ${txId} AND branch = ${BRANCH} ${Prisma.raw(lock)}`);
  const state = rows[0]?.state ?? null;
  // The row was there when the INSERT conflicted, and fences are never deleted.
  if (state === null && !missingOk) fail("INTERNAL", { txId }, "fence row vanished");
  return state;
}

async function setFence(tx: RawSql, txId: string, state: FenceState): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    UPDATE tcc_fences SET state = ${state}, updated_at = now() WHERE tx_id = ${txId} AND branch = ${BRANCH}`);
}

/** One line per SKU, ascending id (the lock order), quantities of repeated SKUs added up. */
function aggregate(lines: StockLine[]): [number, number][] {
  if (lines.length === 0) fail("BAD_REQUEST", { field: "lines" }, "A Try needs at least one line.");
  const demand = new Map<number, number>();
  for (const { skuId, quantity } of lines) demand.set(skuId, (demand.get(skuId) ?? 0) + quantity);
  for (const [skuId, quantity] of demand)
    if (quantity > MAX_LINE_QUANTITY) fail("QUANTITY_LIMIT", { skuId, max: MAX_LINE_QUANTITY });
  return [...demand.entries()].sort(([a], [b]) => a - b);
}
