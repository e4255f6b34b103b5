import { prepared } from "@trade/db";
import { fail } from "../errors/index.ts";
import { drive } from "../coordinator/drive.ts";
import { settleGraceMs } from "../coordinator/settings.ts";
import { inventoryOf, type Deps } from "../infra/deps.ts";
import { runTx } from "../infra/tx.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { currencyIsActive, requireCurrency } from "../wallet/currencies.ts";
import { getOrderForBuyer, readBuyerOrder, type OrderView } from "../order/view.ts";
import { paymentSql, type PaymentRow } from "./pay-statement.ts";

/**
 * Pay = the order leaves UNPAID exactly once, the buyer's hold moves to the merchant's account
 * (ORDER_SETTLE, unique per order) and the locked stock is consumed:
 * 1. one read (prepared, outside any transaction): the buyer's own order (NOT_FOUND otherwise).
 *    Paying a PAID order again is harmless and returns it; a cancelled, expired or due order is
 *    refused without a transaction;
 * 2. one interactive transaction running one statement (`paymentSql`) that takes the locks in
 *    the global order (order row, accounts, SKUs) and writes everything or nothing;
 * 3. remote inventory mode only: the statement consumed no stock but moved the order's log row
 *    TRIED -> CONFIRMING; after COMMIT, the inventory's Confirm (docs/architecture.md#tcc).
 * Racing a cancel, the expiry or another pay, exactly one wins; the loser answers from the order
 * as it then is. The response is built from the read and the statement's result.
 */
export async function payOrder(deps: Deps, buyer: { id: number; status: string }, orderId: number): Promise<OrderView> {
  const { db, redis } = deps;
  if (buyer.status === "FROZEN") fail("ACCOUNT_FROZEN");
  const order = await readBuyerOrder(db, buyer.id, orderId);
  if (!order) fail("NOT_FOUND", { resource: "order" });
  refuseUnpayable(order.view);
  if (order.view.status === "PAID") return order.view;

  const { currency } = order.view;
  const inventory = inventoryOf(deps);
  // No new sales in a switched-off currency (the cached flag refuses early; the statement checks
  // the row itself).
  if (!(await requireCurrency(db, currency, false)).active) fail("CURRENCY_INACTIVE", { currency });
  const [buyerAccountId, merchantAccountId] = await Promise.all([
    walletAccountId(db, buyer.id, currency),
    walletAccountId(db, order.merchantId, currency),
  ]);
  const sql = paymentSql({
    orderId,
    buyerId: buyer.id,
    merchantId: order.merchantId,
    currency,
    total: order.total,
    buyerAccountId,
    merchantAccountId,
    ...(inventory.kind === "remote" ? { remote: { graceMs: settleGraceMs(inventory) } } : {}),
  });
  const row = (
    await runTx(db, async (tx) => {
      // The merchant's balances before the commit too (balance-cache.ts): not their own write.
      await invalidateBalances(redis, [order.merchantId]);
      return tx.$queryRaw<PaymentRow[]>(prepared(sql));
    })
  )[0];
  if (row?.paid_at) {
    await invalidateBalances(redis, [buyer.id, order.merchantId]);
    // Remote: paid is decided and committed; the stock's Confirm follows (retried by the job's
    // recovery if the inventory cannot take it now: the buyer's answer is PAID either way).
    if (inventory.kind === "remote" && row.tx_id) await drive(db, inventory, row.tx_id, "CONFIRMING");
    return { ...order.view, status: "PAID", paidAt: row.paid_at };
  }
  // Lost a race (another pay, a cancel, the expiry) or became due meanwhile.
  const now = await getOrderForBuyer(db, buyer.id, orderId);
  refuseUnpayable(now);
  if (now.status === "UNPAID" && !(await currencyIsActive(db, currency))) fail("CURRENCY_INACTIVE", { currency });
  if (now.status !== "PAID") fail("ORDER_EXPIRED");
  return now;
}

/** PAID passes (idempotent), UNPAID passes while not due; anything else is refused. */
function refuseUnpayable(view: OrderView): void {
  if (view.status === "PAID") return;
  if (view.status === "EXPIRED" || (view.status === "UNPAID" && view.expiresAt <= new Date())) fail("ORDER_EXPIRED");
  if (view.status !== "UNPAID") fail("ORDER_NOT_PAYABLE", { status: view.status });
}
