import { prepared, Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { Deps } from "../infra/deps.ts";
import { runTx } from "../infra/tx.ts";
import { settleStockHold } from "../inventory/settle.ts";
import { Money } from "../money/server.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { postJournal } from "../wallet/post-journal.ts";
import { getOrderForBuyer, type OrderView } from "./view.ts";

interface ClosedOrder {
  id: number;
  buyer_id: number;
  currency: string;
  total: Money;
}

/**
 * Gives both holds back for an order that has just left UNPAID (the caller's guarded UPDATE
 * decided that, and holds the order row lock): frozen -> available, stock_locked -> stock.
 * Lock order after the order row: the buyer's account, then the SKUs by id.
 */
async function releaseHolds(tx: DbTx, order: ClosedOrder): Promise<void> {
  const accountId = await walletAccountId(tx, order.buyer_id, order.currency);
  const total = new Money(order.total);
  await postJournal(tx, {
    type: "ORDER_RELEASE",
    currency: order.currency,
    orderId: order.id,
    lines: [
      { accountId, bucket: "FROZEN", amount: total.negated() },
      { accountId, bucket: "AVAILABLE", amount: total },
    ],
    refusal: "INTERNAL",
  });
  await settleStockHold(tx, order.id, "release");
}

/**
 * The buyer cancels an UNPAID order. Cancelling again, or an order that already expired, is
 * harmless and returns the order; a paid order is ORDER_NOT_CANCELLABLE.
 */
export async function cancelOrder({ db, redis }: Deps, buyerId: number, orderId: number): Promise<OrderView> {
  const closed = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<ClosedOrder[]>(
      prepared(Prisma.sql`
      UPDATE orders SET status = 'CANCELLED', cancelled_at = now()
       WHERE id = ${orderId} AND buyer_id = ${buyerId} AND status = 'UNPAID'
      RETURNING id, buyer_id, currency, total`),
    );
    const order = rows[0];
    if (!order) return null;
    await releaseHolds(tx, order);
    return order;
  });
  if (closed) await invalidateBalances(redis, [buyerId]);
  const view = await getOrderForBuyer(db, buyerId, orderId);
  if (!closed && view.status === "PAID") fail("ORDER_NOT_CANCELLABLE", { status: view.status });
  return view;
}

/**
 * Expires one due UNPAID order, claimed with SKIP LOCKED so concurrent job instances never take
 * the same one. Each order is its own short transaction (order row -> account -> SKUs, the
 * global lock order), so a sweep never holds many hot rows at once. Returns null when none is due.
 */
export async function expireNextDueOrder({ db, redis }: Deps): Promise<{ id: number; buyerId: number } | null> {
  const expired = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<ClosedOrder[]>(
      prepared(Prisma.sql`
      UPDATE orders SET status = 'EXPIRED', expired_at = now()
       WHERE id = (
         SELECT id FROM orders WHERE status = 'UNPAID' AND expires_at <= now()
          ORDER BY expires_at, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED)
         AND status = 'UNPAID'
      RETURNING id, buyer_id, currency, total`),
    );
    const order = rows[0];
    if (!order) return null;
    await releaseHolds(tx, order);
    return order;
  });
  if (!expired) return null;
  await invalidateBalances(redis, [expired.buyer_id]);
  return { id: expired.id, buyerId: expired.buyer_id };
}
