import { createHash } from "node:crypto";
import { Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { StockLine } from "../inventory/port.ts";

/**
 * The coordinator log (`global_transactions`, docs/architecture.md#tcc): one row per global
 * transaction of the remote mode, its state moved only by guarded UPDATEs (`WHERE state = ...`),
 * so two movers (the request, the job's recovery on either instance) never both win a transition.
 *
 *   TRYING -> TRIED -> CONFIRMING -> CONFIRMED      (placed, then paid)
 *   TRYING -> CANCELLING -> CANCELLED               (refused, failed, or abandoned past its deadline)
 *   TRIED  -> CANCELLING -> CANCELLED               (cancelled by the buyer, or expired)
 */
export type TxState = "TRYING" | "TRIED" | "CONFIRMING" | "CONFIRMED" | "CANCELLING" | "CANCELLED";

/** Attempts of one idempotency key whose earlier ones were refused (each a txId of its own). */
const MAX_GENERATIONS = 16;

/**
 * The txId of a placement: derived from the buyer and the idempotency key, so a retried
 * placement (same key) reuses it and the inventory's fence answers it as the first time. A key
 * whose attempt was refused and cancelled (the inventory fence says CANCELLED for good: no
 * suspension) may be placed again, as in the local mode: that attempt is the key's next
 * generation, a txId of its own. Only `[A-Za-z0-9:_-]`, at most 64 characters (the service's rule).
 */
export function txIdFor(buyerId: number, idempotencyKey: string, generation = 0): string {
  const digest = createHash("sha256").update(idempotencyKey).digest("base64url").slice(0, 32);
  return generation === 0 ? `o:${buyerId}:${digest}` : `o:${buyerId}:${digest}:${generation}`;
}

export type Begun =
  /** A TRYING row to Try under: new, or the live one of a placement with this key still in flight. */
  | { kind: "trying"; txId: string; resumed: boolean }
  /** The key's transaction got past TRYING meanwhile: its order exists (replay it). */
  | { kind: "placed"; txId: string };

interface LogRow {
  id: string;
  state: TxState;
  order_id: number | null;
  live: boolean;
}

/**
 * Writes the log row (TRYING, deadline now() + `deadlineMs`) and COMMITS it, outside any
 * transaction, before the caller makes its first remote call: whatever happens after this, the
 * job's recovery finds the row and drives it to an end.
 */
export async function beginGlobalTx(
  db: DbTx,
  input: { buyerId: number; idempotencyKey: string; lines: StockLine[]; deadlineMs: number },
): Promise<Begun> {
  const candidates = Array.from({ length: MAX_GENERATIONS }, (_, g) => txIdFor(input.buyerId, input.idempotencyKey, g));
  // The common case first, in one round trip: a key never placed has no row at all (rows are never
  // deleted, and generation g + 1 is written only after generation g exists), so inserting
  // generation 0 succeeds exactly when there is nothing to read.
  if ((await insertTrying(db, candidates[0]!, input)) === 1)
    return { kind: "trying", txId: candidates[0]!, resumed: false };
  for (let attempt = 0; attempt < 3; attempt++) {
    const rows = await db.$queryRaw<LogRow[]>(Prisma.sql`
      SELECT id, state, order_id, deadline > now() AS live FROM global_transactions WHERE id = ANY(${candidates}::text[])`);
    const generation = latestGeneration(candidates, rows);
    const latest = generation === null ? null : rows.find((r) => r.id === candidates[generation]);
    let next = 0;
    if (latest && generation !== null) {
      if (latest.order_id !== null) return { kind: "placed", txId: latest.id };
      if (latest.state === "TRYING" && latest.live) return { kind: "trying", txId: latest.id, resumed: true };
      // Still being cancelled (or about to be, past its deadline): the key's attempt is not over.
      if (latest.state !== "CANCELLED") fail("IDEMPOTENCY_IN_FLIGHT");
      next = generation + 1;
      if (next >= MAX_GENERATIONS) fail("IDEMPOTENCY_CONFLICT");
    }
    const txId = candidates[next]!;
    if ((await insertTrying(db, txId, input)) === 1) return { kind: "trying", txId, resumed: false };
    // A concurrent placement with the same key inserted it first: read again and join it.
  }
  fail("IDEMPOTENCY_IN_FLIGHT");
}

function insertTrying(db: DbTx, txId: string, input: { buyerId: number; lines: StockLine[]; deadlineMs: number }) {
  return db.$executeRaw(Prisma.sql`
    INSERT INTO global_transactions (id, buyer_id, state, lines, deadline)
    VALUES (${txId}, ${input.buyerId}, 'TRYING', ${JSON.stringify(input.lines)}::jsonb, now() + ${input.deadlineMs} * interval '1 millisecond')
    ON CONFLICT (id) DO NOTHING`);
}

function latestGeneration(candidates: string[], rows: LogRow[]): number | null {
  let latest: number | null = null;
  for (const row of rows) {
    const g = candidates.indexOf(row.id);
    if (g >= 0 && (latest === null || g > latest)) latest = g;
  }
  return latest;
}

/**
 * One guarded transition: `txId` moves from one of `from` to `to` only if it is in one of them
 * now; true when this call moved it. `graceMs`: how long the job's recovery leaves the row to the
 * caller (who is about to make the remote call itself) before it steps in.
 */
export async function transition(db: DbTx, txId: string, from: TxState[], to: TxState, graceMs = 0): Promise<boolean> {
  const moved = await db.$executeRaw(Prisma.sql`
    UPDATE global_transactions
       SET state = ${to}, updated_at = now(), next_attempt_at = now() + ${graceMs} * interval '1 millisecond'
     WHERE id = ${txId} AND state = ANY(${from}::text[])`);
  return moved === 1;
}

/**
 * The order's own transition inside the caller's transaction (pay, cancel, expiry: the caller's
 * guarded UPDATE of the order row has decided), returning the txId to call the inventory with.
 * An UNPAID order's log row is TRIED (both were written by one statement), so anything else is a
 * broken invariant: thrown, which rolls the order's transition back too.
 */
export async function decideForOrder(tx: DbTx, orderId: number, to: "CONFIRMING" | "CANCELLING", graceMs: number) {
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    UPDATE global_transactions
       SET state = ${to}, updated_at = now(), next_attempt_at = now() + ${graceMs} * interval '1 millisecond'
     WHERE order_id = ${orderId} AND state = 'TRIED'
    RETURNING id`);
  const txId = rows[0]?.id;
  if (!txId) fail("INTERNAL", { orderId }, "the order has no TRIED global transaction");
  return txId;
}

/** A remote call that failed (or answered the impossible): counted, kept, retried later with backoff. */
export async function recordFailure(db: DbTx, txId: string, error: string): Promise<void> {
  // 0.5 s, 1 s, 2 s, ... up to a minute between attempts.
  await db.$executeRaw(Prisma.sql`
    UPDATE global_transactions
       SET attempts = attempts + 1, last_error = ${error.slice(0, 500)}, updated_at = now(),
           next_attempt_at = now() + least(500 * power(2, least(attempts, 7)), 60000) * interval '1 millisecond'
     WHERE id = ${txId}`);
}
