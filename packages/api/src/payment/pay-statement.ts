import { Prisma } from "@trade/db";
import { stockSettleCtes } from "../inventory/settle.ts";
import type { Money } from "../money/server.ts";
import { journalCtes } from "../wallet/post-journal.ts";

export interface Payment {
  orderId: number;
  buyerId: number;
  merchantId: number;
  currency: string;
  /** The order's stored total. */
  total: Money;
  buyerAccountId: number;
  merchantAccountId: number;
  /**
   * Remote inventory mode: the stock branch is the inventory's Confirm, made after COMMIT; this
   * statement records the decision instead (log TRIED -> CONFIRMING, `graceMs` before the job's
   * recovery may step in).
   */
  remote?: { graceMs: number };
}

export type PaymentRow = {
  /** When the order became PAID; null when this statement did not pay it (not UNPAID, or due). */
  paid_at: Date | null;
  /** Remote mode: the global transaction to Confirm (set with paid_at). */
  tx_id?: string | null;
};

/**
 * Payment as ONE statement, the only statement of the payment's interactive transaction, in the
 * global lock order:
 * 1. `o`: the order leaves UNPAID (guarded UPDATE: still UNPAID, not due, its currency still
 *    active, and the merchant, currency and total the caller read), which locks the order row;
 *    an order in a currency switched off since it was placed is not paid (its hold goes back to
 *    the buyer on cancel or expiry, and stays withdrawable); a concurrent pay, cancel or
 *    expiry that got there first leaves nothing to update, and then nothing else happens;
 * 2. only then (the journal's lock gate refers to `o`): the buyer's and the merchant's accounts,
 *    locked FOR NO KEY UPDATE in ascending id; the ORDER_SETTLE journal moves the total from the
 *    buyer's frozen bucket to the merchant's available one (`journalCtes`, as `postJournal`);
 * 3. only if the accounts moved: the order's SKUs, locked in ascending id, stock_locked -> sold
 *    (`stockSettleCtes`, as `settleStockHold`).
 * The merchant's account is a hot row (every payment to that merchant in the currency): as one
 * statement it stays locked from this statement to COMMIT only, not across three round trips.
 * The final SELECT divides by zero if a paid order lacked its two ledger entries or a settled
 * SKU, which aborts the transaction instead of committing half a payment.
 */
export function paymentSql(p: Payment): Prisma.Sql {
  const paid = Prisma.sql`EXISTS (SELECT 1 FROM o)`;
  const journal = journalCtes(
    {
      type: "ORDER_SETTLE",
      currency: p.currency,
      orderId: p.orderId,
      lines: [
        { accountId: p.buyerAccountId, bucket: "FROZEN", amount: p.total.negated() },
        { accountId: p.merchantAccountId, bucket: "AVAILABLE", amount: p.total },
      ],
    },
    { lockGate: paid, gate: paid },
  );
  const order = Prisma.sql`
    WITH o AS (
      UPDATE orders SET status = 'PAID', paid_at = now()
       WHERE id = ${p.orderId} AND buyer_id = ${p.buyerId} AND status = 'UNPAID' AND expires_at > now()
         AND merchant_id = ${p.merchantId} AND currency = ${p.currency} AND total = ${p.total.toString()}::numeric
         AND EXISTS (SELECT 1 FROM currencies c WHERE c.code = ${p.currency} AND c.active)
      RETURNING paid_at
    ), ${journal.lock}, ${journal.write},`;
  if (p.remote) return remotePaymentSql(p.orderId, order, paid, p.remote.graceMs);
  return Prisma.sql`${order}
    ${stockSettleCtes(p.orderId, "consume", Prisma.sql`(SELECT ok FROM j_ok) AND ${paid}`)},
    result AS (
      SELECT (SELECT paid_at FROM o) AS paid_at, (SELECT count(*) FROM j_entries) AS entries,
             (SELECT count(*) FROM st_done) AS settled, (SELECT count(*) FROM st_items) AS items
    )
    SELECT paid_at, 1 / (CASE WHEN paid_at IS NULL OR (entries = 2 AND items > 0 AND settled = items) THEN 1 ELSE 0 END) AS complete
      FROM result`;
}

/**
 * The remote variant's tail: instead of consuming stock here, the order's log row moves TRIED ->
 * CONFIRMING in the same statement as the order's UNPAID -> PAID, after the accounts moved. The
 * guarded UPDATE of the order row is what decides between pay and cancel/expiry (each of which
 * moves the log to CANCELLING in its own statement), so exactly one decision reaches the log and
 * the inventory only ever hears the one that won. Divides by zero (aborting the transaction) if a
 * paid order lacked its two ledger entries or its log transition.
 */
function remotePaymentSql(orderId: number, order: Prisma.Sql, paid: Prisma.Sql, graceMs: number): Prisma.Sql {
  return Prisma.sql`${order}
    g AS (
      UPDATE global_transactions SET state = 'CONFIRMING', updated_at = now(),
             next_attempt_at = now() + ${graceMs} * interval '1 millisecond'
       WHERE order_id = ${orderId} AND state = 'TRIED' AND (SELECT ok FROM j_ok) AND ${paid}
      RETURNING id
    ), result AS (
      SELECT (SELECT paid_at FROM o) AS paid_at, (SELECT count(*) FROM j_entries) AS entries, (SELECT id FROM g) AS tx_id
    )
    SELECT paid_at, tx_id, 1 / (CASE WHEN paid_at IS NULL OR (entries = 2 AND tx_id IS NOT NULL) THEN 1 ELSE 0 END) AS complete
      FROM result`;
}
