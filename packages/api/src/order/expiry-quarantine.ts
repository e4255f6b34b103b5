import { pgErrorCode, type Db } from "@trade/db";
import { DomainError } from "../errors/index.ts";
import { raiseAlert } from "../risk/alerts.ts";
import { runTx } from "../infra/tx.ts";

/**
 * A "poison" order: one whose expiry fails for a reason that retrying cannot fix (its books are
 * inconsistent, a counter would overflow, a constraint refuses the release). The sweep always
 * takes the oldest due order first, so left in place one such order would be claimed again and
 * again and no later order would ever expire. It is set aside instead (`expiry_quarantined_at`,
 * which the sweep skips) with a CRITICAL risk alert for an operator, and the sweep goes on.
 *
 * Transient failures (BUSY after retries, a lost connection, a timeout) are NOT poison: the order
 * is left for the next sweep, which is what a retry is.
 */
export function isPoisonFailure(error: unknown): boolean {
  if (error instanceof DomainError) return error.code !== "BUSY";
  const sqlState = pgErrorCode(error);
  // 22xxx data exceptions (numeric out of range, ...), 23xxx integrity violations (CHECK, foreign
  // key, unique) and P0xxx (raised by the ledger's integrity triggers) are properties of the
  // data, not of the moment. Anything else (a syntax error after a bad deploy, a lost
  // connection) is systemic: quarantining would set aside every due order one by one, so it fails
  // the sweep instead, loudly.
  return sqlState !== undefined && ["22", "23", "P0"].some((c) => sqlState.startsWith(c));
}

export interface QuarantinedOrder {
  id: number;
  buyerId: number;
}

/**
 * Marks the order quarantined (only if it is still UNPAID: a concurrent pay or cancel that
 * succeeded meanwhile wins) and raises the alert, deduplicated per order. True when this call
 * set it aside.
 */
export async function quarantineExpiry(db: Db, order: QuarantinedOrder, error: unknown): Promise<boolean> {
  const sqlState = pgErrorCode(error) ?? null;
  const reason = error instanceof DomainError ? error.code : (sqlState ?? "unknown");
  return runTx(db, async (tx) => {
    const marked = await tx.$executeRaw`
      UPDATE orders SET expiry_quarantined_at = now()
       WHERE id = ${order.id} AND status = 'UNPAID' AND expiry_quarantined_at IS NULL`;
    if (marked === 0) return false;
    await raiseAlert(tx, {
      rule: "expiry_failed",
      severity: "CRITICAL",
      dedupeKey: `expiry_failed:order:${order.id}`,
      userId: order.buyerId,
      message: `Order ${order.id} could not be expired (${reason}); it is set aside and its holds are still in place.`,
      details: {
        orderId: order.id,
        reason,
        sqlState,
        error: error instanceof Error ? error.message.slice(0, 500) : JSON.stringify(error)?.slice(0, 500),
      },
    });
    return true;
  });
}
