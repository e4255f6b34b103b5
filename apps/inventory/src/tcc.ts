import { fail } from "@trade/api/errors";
import {
  consolidateBuckets,
  MAX_LINE_QUANTITY,
  runWithBucketRetries,
  stockClaimCtes,
  stockHoldWrites,
  stockSettleCtes,
  txHolds,
  type ClaimRefusal,
  type RawSql,
  type SettleMode,
  type SettleOutcome,
  type StockLine,
  type TryOutcome,
} from "@trade/api/inventory";
import { prepared, Prisma } from "@trade/db";
import { inStatement, inTx, type InventoryDb } from "./db.ts";

/**
 * Try / Confirm / Cancel of the stock branch. Each is ONE statement (its own transaction: one
 * round trip, locks held only for that statement) that writes the fence row (tcc_fences, keyed
 * by (txId, 'stock')) together with the business change. The fence row's primary key serialises
 * the calls of one txId: an INSERT of the same key waits for the statement that inserted it first
 * to commit (then conflicts) or roll back (then inserts), and a state change locks the row.
 * The rules (docs/architecture.md, "Fence rules"):
 * - Try: fence TRIED inserted with the hold, only when the hold is possible (a refused Try writes
 *   nothing, fence included); a TRIED/CONFIRMED fence answers ok (idempotent, holds nothing
 *   more); a CANCELLED one answers CANCELLED (no suspension: a Try after its Cancel holds nothing).
 * - Confirm: TRIED -> consume the holds + CONFIRMED; CONFIRMED -> ok; CANCELLED -> CANCELLED; no
 *   fence -> NOT_TRIED.
 * - Cancel: no fence -> CANCELLED inserted (empty rollback), ok; TRIED -> release + CANCELLED;
 *   CANCELLED -> ok; CONFIRMED -> CONFIRMED.
 * A Try that sees a fence in its snapshot answers from it without waiting: a repeated Try racing
 * its own Cancel may answer ok an instant before the Cancel commits, which changes nothing (the
 * coordinator sent that Cancel because its log no longer accepts the Try's answer).
 * Lock order: a Try locks its SKU rows (ascending id) and buckets, then inserts the fence; Confirm
 * and Cancel lock the fence row, then the SKUs and buckets. No cycle: a Try only ever waits on a
 * fence key that another Try of the same txId is inserting (a Cancel that inserts one takes no
 * SKU lock), and a Confirm or Cancel only locks a fence that is already committed.
 */
const BRANCH = "stock";

type FenceState = "TRIED" | "CONFIRMED" | "CANCELLED";

type TryRow = { kind: "fenced"; state: FenceState } | { kind: "held" } | { kind: "refused"; refusal: ClaimRefusal };

export async function tryHold(db: InventoryDb, txId: string, lines: StockLine[]): Promise<TryOutcome> {
  const demand = aggregate(lines);
  const outcome = await runWithBucketRetries(
    new Map(demand),
    (waitForBucket) => inStatement(db, (sql) => tryOnce(sql, txId, demand, waitForBucket)),
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

interface TryResult {
  /** The fence as the statement's snapshot saw it (then nothing was locked or written). */
  seen: FenceState | null;
  refusal: ClaimRefusal | null;
  /** This statement inserted the fence (and so the hold). */
  fenced: boolean;
}

async function tryOnce(sql: RawSql, txId: string, demand: [number, number][], waitForBucket: boolean): Promise<TryRow> {
  const [row] = await sql.$queryRaw<TryResult[]>(prepared(trySql(txId, demand, waitForBucket)));
  if (!row) fail("INTERNAL", { txId }, "the Try returned no row");
  if (row.seen) return { kind: "fenced", state: row.seen };
  if (row.fenced) return { kind: "held" };
  // Nothing written. A fence that appeared after the statement's snapshot (a concurrent Try or
  // Cancel of this txId) decides the answer, whatever this run judged.
  const now = await fenceState(sql, txId);
  if (now) return { kind: "fenced", state: now };
  if (row.refusal) return { kind: "refused", refusal: row.refusal };
  fail("INTERNAL", { txId }, "the Try neither held nor was refused");
}

/**
 * The Try as one statement: the fence as of the snapshot (present: answered from it, no lock);
 * the SKUs read without locks (unknown or sold out: refused before any lock); the stock part
 * shared with the order placement (`stockClaimCtes`: SKU locks in ascending id, FOR SHARE plus a
 * bucket SKIP LOCKED for flash-sale SKUs); only if every line passed, the fence (ON CONFLICT DO
 * NOTHING) and, only if this statement inserted it, the hold and its lines in stock_holds (with
 * the claimed bucket, where Confirm and Cancel settle them). The final SELECT divides by zero if
 * an inserted fence came without every line held, which aborts the statement. Exported for the
 * test of its plan.
 */
export function trySql(txId: string, demand: [number, number][], waitForBucket: boolean): Prisma.Sql {
  const ids = demand.map(([id]) => id);
  const quantities = demand.map(([, q]) => q);
  const fenced = Prisma.sql`EXISTS (SELECT 1 FROM f)`;
  return Prisma.sql`
    WITH e AS MATERIALIZED (
      SELECT state FROM tcc_fences WHERE tx_id = ${txId} AND branch = ${BRANCH}
    ), s_seen AS MATERIALIZED (
      SELECT w.id, w.qty, s.id IS NOT NULL AS found, coalesce(s.flash_buckets > 0, false) AS flash,
             s.stock + (SELECT coalesce(sum(b.stock), 0)::int FROM sku_stock_buckets b WHERE b.sku_id = s.id) AS stock
        FROM unnest(${ids}::int[], ${quantities}::int[]) AS w(id, qty) LEFT JOIN skus s ON s.id = w.id
       WHERE NOT EXISTS (SELECT 1 FROM e)
    ), s_pre AS MATERIALIZED (
      SELECT (SELECT json_build_object('skuId', v.id, 'code', CASE WHEN NOT v.found THEN 'NOT_FOUND' ELSE 'OUT_OF_STOCK' END, 'stock', coalesce(v.stock, 0))
                FROM s_seen v WHERE NOT v.found OR v.stock < v.qty ORDER BY v.id LIMIT 1) AS refusal
    ), h_ok AS MATERIALIZED (
      SELECT NOT EXISTS (SELECT 1 FROM e) AND (SELECT refusal FROM s_pre) IS NULL AS ok
    ),
    ${stockClaimCtes({ gate: Prisma.sql`(SELECT ok FROM h_ok)`, waitForBucket })},
    go AS MATERIALIZED (
      SELECT (SELECT ok FROM h_ok) AND NOT EXISTS (SELECT 1 FROM s_checked WHERE refusal IS NOT NULL) AS ok
    ), f AS (
      INSERT INTO tcc_fences (tx_id, branch, state) SELECT ${txId}, ${BRANCH}, 'TRIED' WHERE (SELECT ok FROM go)
      ON CONFLICT (tx_id, branch) DO NOTHING
      RETURNING 1
    ), ${stockHoldWrites(fenced)},
    h_rows AS (
      INSERT INTO stock_holds (tx_id, sku_id, bucket, quantity)
      SELECT ${txId}, w.id, c.bucket, w.qty FROM s_seen w LEFT JOIN b_claim c ON c.id = w.id WHERE ${fenced}
      RETURNING 1
    ), result AS (
      SELECT ${fenced} AS fenced, (SELECT count(*) FROM h_rows) AS holds, (SELECT count(*) FROM s_held) + (SELECT count(*) FROM b_held) AS held
    )
    SELECT (SELECT state FROM e) AS seen, r.fenced,
           coalesce((SELECT refusal FROM s_pre),
                    (SELECT json_build_object('skuId', c.id, 'code', c.refusal, 'stock', c.stock)
                       FROM s_checked c WHERE c.refusal IS NOT NULL ORDER BY c.id LIMIT 1)) AS refusal,
           1 / (CASE WHEN NOT r.fenced OR (r.holds = ${demand.length}::bigint AND r.held = ${demand.length}::bigint) THEN 1 ELSE 0 END) AS complete
      FROM result r`;
}

export async function confirm(db: InventoryDb, txId: string): Promise<SettleOutcome> {
  const state = await inStatement(db, (sql) => settleOnce(sql, txId, "consume"));
  if (state === null) return { ok: false, code: "NOT_TRIED" };
  if (state === "CANCELLED") return { ok: false, code: "CANCELLED" };
  return { ok: true };
}

export async function cancel(db: InventoryDb, txId: string): Promise<SettleOutcome> {
  // A null state: the fence appeared after this statement's snapshot (its INSERT waited for a
  // concurrent Try of the txId and then conflicted): a fresh statement sees it.
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await inStatement(db, (sql) => settleOnce(sql, txId, "release"));
    if (state === "CONFIRMED") return { ok: false, code: "CONFIRMED" };
    if (state !== null) return { ok: true };
  }
  fail("BUSY");
}

/**
 * Confirm (consume) or Cancel (release) as one statement: the fence row locked FOR UPDATE (a
 * Cancel first inserts CANCELLED if there is none: empty rollback), the holds settled only if it
 * was TRIED (`stockSettleCtes`, the same statement the order database runs for an order's
 * items), and the fence moved on with them. Answers the fence's state before this statement
 * ('CANCELLED' for an empty rollback; null: no fence). Divides by zero, aborting the statement,
 * if a TRIED fence's holds were not all settled.
 */
async function settleOnce(sql: RawSql, txId: string, mode: SettleMode): Promise<FenceState | null> {
  const next = mode === "consume" ? "CONFIRMED" : "CANCELLED";
  const tried = Prisma.sql`(SELECT state FROM f) = 'TRIED'`;
  const insert =
    mode === "release"
      ? Prisma.sql`ins AS (
          INSERT INTO tcc_fences (tx_id, branch, state) VALUES (${txId}, ${BRANCH}, 'CANCELLED')
          ON CONFLICT (tx_id, branch) DO NOTHING RETURNING state
        ),`
      : Prisma.sql`ins AS (SELECT NULL::text AS state WHERE false),`;
  const [row] = await sql.$queryRaw<{ state: FenceState | null }[]>(
    prepared(Prisma.sql`
    WITH ${insert}
    f AS MATERIALIZED (
      SELECT state FROM tcc_fences WHERE tx_id = ${txId} AND branch = ${BRANCH} AND NOT EXISTS (SELECT 1 FROM ins) FOR UPDATE
    ), ${stockSettleCtes(txHolds(txId), mode, tried)},
    u AS (
      UPDATE tcc_fences SET state = ${next}, updated_at = now()
       WHERE tx_id = ${txId} AND branch = ${BRANCH} AND ${tried}
      RETURNING 1
    ), result AS (
      SELECT (SELECT count(*) FROM st_done) AS done, (SELECT count(*) FROM st_items) AS items, EXISTS (SELECT 1 FROM u) AS moved
    )
    SELECT coalesce((SELECT state FROM ins), (SELECT state FROM f)) AS state,
           1 / (CASE WHEN (SELECT state FROM f) IS DISTINCT FROM 'TRIED' OR (r.moved AND r.items > 0 AND r.done = r.items) THEN 1 ELSE 0 END) AS complete
      FROM result r`),
  );
  return row?.state ?? null;
}

async function fenceState(sql: RawSql, txId: string): Promise<FenceState | null> {
  const rows = await sql.$queryRaw<{ state: FenceState }[]>(Prisma.sql`
    SELECT state FROM tcc_fences WHERE tx_id = ${txId} AND branch = ${BRANCH}`);
  return rows[0]?.state ?? null;
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
