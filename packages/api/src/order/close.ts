import { prepared, Prisma, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import { drive } from "../coordinator/drive.ts";
import { decideForOrder } from "../coordinator/log.ts";
import { settleGraceMs } from "../coordinator/settings.ts";
import { inventoryOf, type Deps } from "../infra/deps.ts";
import type { Inventory } from "../inventory/port.ts";
import { runTx } from "../infra/tx.ts";
import { settleStockHold } from "../inventory/settle.ts";
import { Money } from "../money/server.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { postJournal } from "../wallet/post-journal.ts";
import { isPoisonFailure, quarantineExpiry } from "./expiry-quarantine.ts";
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
 * Lock order after the order row: the buyer's account, then the SKUs by id. Remote inventory
 * mode: the stock is not here; the order's log row moves TRIED -> CANCELLING in this same
 * transaction instead, and the caller sends the Cancel after COMMIT (returns its txId).
 */
async function releaseHolds(tx: DbTx, order: ClosedOrder, inventory: Inventory): Promise<string | null> {
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
  if (inventory.kind === "remote") return decideForOrder(tx, order.id, "CANCELLING", settleGraceMs(inventory));
  await settleStockHold(tx, order.id, "release");
  return null;
}

/**
 * The buyer cancels an UNPAID order. Cancelling again, or an order that already expired, is
 * harmless and returns the order; a paid order is ORDER_NOT_CANCELLABLE.
 */
export async function cancelOrder(deps: Deps, buyerId: number, orderId: number): Promise<OrderView> {
  const { db, redis } = deps;
  const inventory = inventoryOf(deps);
  const closed = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<ClosedOrder[]>(
      prepared(Prisma.sql`
      UPDATE orders SET status = 'CANCELLED', cancelled_at = now()
       WHERE id = ${orderId} AND buyer_id = ${buyerId} AND status = 'UNPAID'
      RETURNING id, buyer_id, currency, total`),
    );
    const order = rows[0];
    if (!order) return null;
    await invalidateBalances(redis, [buyerId]);
    return { order, txId: await releaseHolds(tx, order, inventory) };
  });
  if (closed) await invalidateBalances(redis, [buyerId]);
  // Remote: the units go back once the inventory takes the Cancel (now, or from the job's recovery).
  if (closed?.txId && inventory.kind === "remote") await drive(db, inventory, closed.txId, "CANCELLING");
  const view = await getOrderForBuyer(db, buyerId, orderId);
  if (!closed && view.status === "PAID") fail("ORDER_NOT_CANCELLABLE", { status: view.status });
  return view;
}

export interface ExpiredOrder {
  id: number;
  buyerId: number;
  /** True when expiring it failed for good and it was set aside instead (see expiry-quarantine.ts). */
  quarantined: boolean;
}

/**
 * Expires one due UNPAID order, claimed with SKIP LOCKED so concurrent job instances never take
 * the same one. Each order is its own short transaction (order row -> account -> SKUs, the
 * global lock order), so a sweep never holds many hot rows at once. Returns null when none is due.
 * An order whose release fails for good (a poison order) is quarantined and skipped from then on,
 * so it cannot stop every later due order from expiring.
 */
export async function expireNextDueOrder(deps: Deps): Promise<ExpiredOrder | null> {
  const { db, redis } = deps;
  const inventory = inventoryOf(deps);
  // The order the failed attempt had claimed (its transaction rolled back, so only this says which).
  const claim: { order: ClosedOrder | null } = { order: null };
  let expired: { order: ClosedOrder; txId: string | null } | null;
  try {
    expired = await runTx(db, async (tx) => {
      claim.order = null;
      const rows = await tx.$queryRaw<ClosedOrder[]>(
        prepared(Prisma.sql`
        UPDATE orders SET status = 'EXPIRED', expired_at = now()
         WHERE id = (
           SELECT id FROM orders WHERE status = 'UNPAID' AND expires_at <= now() AND expiry_quarantined_at IS NULL
            ORDER BY expires_at, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED)
           AND status = 'UNPAID'
        RETURNING id, buyer_id, currency, total`),
      );
      const order = rows[0];
      if (!order) return null;
      claim.order = order;
      // Before the commit as well as after it (see balance-cache.ts): the buyer may be watching.
      await invalidateBalances(redis, [order.buyer_id]);
      return { order, txId: await releaseHolds(tx, order, inventory) };
    });
  } catch (error) {
    const poisoned = claim.order;
    if (!poisoned || !isPoisonFailure(error)) throw error;
    await quarantineExpiry(db, { id: poisoned.id, buyerId: poisoned.buyer_id }, error);
    return { id: poisoned.id, buyerId: poisoned.buyer_id, quarantined: true };
  }
  if (!expired) return null;
  await invalidateBalances(redis, [expired.order.buyer_id]);
  if (expired.txId && inventory.kind === "remote") await drive(db, inventory, expired.txId, "CANCELLING");
  return { id: expired.order.id, buyerId: expired.order.buyer_id, quarantined: false };
}
