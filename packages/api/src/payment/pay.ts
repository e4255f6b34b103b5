import { prepared, Prisma } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { Deps } from "../infra/deps.ts";
import { runTx } from "../infra/tx.ts";
import { settleStockHold } from "../inventory/settle.ts";
import { Money } from "../money/server.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { postJournal } from "../wallet/post-journal.ts";
import { getOrderForBuyer, type OrderView } from "../order/view.ts";

interface PaidOrder {
  id: number;
  merchant_id: number;
  currency: string;
  total: Money;
}

/**
 * Pay = the order leaves UNPAID exactly once (guarded UPDATE, which also locks the order row),
 * then the buyer's hold moves to the merchant's account (ORDER_SETTLE, unique per order) and the
 * locked stock is consumed. Paying a PAID order again is harmless and returns it; a cancelled or
 * expired (or due) order is refused. Racing a cancel or the expiry, exactly one wins.
 */
export async function payOrder({ db, redis }: Deps, buyer: { id: number; status: string }, orderId: number): Promise<OrderView> {
  if (buyer.status === "FROZEN") fail("ACCOUNT_FROZEN");
  const paid = await runTx(db, async (tx) => {
    const rows = await tx.$queryRaw<PaidOrder[]>(prepared(Prisma.sql`
      UPDATE orders SET status = 'PAID', paid_at = now()
       WHERE id = ${orderId} AND buyer_id = ${buyer.id} AND status = 'UNPAID' AND expires_at > now()
      RETURNING id, merchant_id, currency, total`));
    const order = rows[0];
    if (!order) return null;
    const total = new Money(order.total);
    const buyerAccount = await walletAccountId(tx, buyer.id, order.currency);
    const merchantAccount = await walletAccountId(tx, order.merchant_id, order.currency);
    await postJournal(tx, {
      type: "ORDER_SETTLE", currency: order.currency, orderId: order.id,
      lines: [
        { accountId: buyerAccount, bucket: "FROZEN", amount: total.negated() },
        { accountId: merchantAccount, bucket: "AVAILABLE", amount: total },
      ],
      refusal: "INTERNAL",
    });
    await settleStockHold(tx, order.id, "consume");
    return order;
  });
  if (paid) await invalidateBalances(redis, [buyer.id, paid.merchant_id]);
  const view = await getOrderForBuyer(db, buyer.id, orderId);
  if (!paid && view.status !== "PAID") {
    if (view.status === "EXPIRED" || (view.status === "UNPAID" && view.expiresAt <= new Date())) fail("ORDER_EXPIRED");
    fail("ORDER_NOT_PAYABLE", { status: view.status });
  }
  return view;
}
