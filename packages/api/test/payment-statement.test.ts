import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Money } from "../src/money/server.ts";
import { paymentSql, type Payment, type PaymentRow } from "../src/payment/pay-statement.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

// The single-statement payment must write everything or nothing: the order row's guard decides,
// and a payment that does not match the order as stored moves no money and no stock.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function placed() {
  const { merchant, sku } = await stockedSku(app, { stock: 5, price: "4.00" });
  const buyer = await fundedMember(app, "20.00");
  const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
  const accountOf = async (userId: number) =>
    (
      await app.db.account.findUniqueOrThrow({
        where: { userId_currency: { userId, currency: "USD" } },
        select: { id: true },
      })
    ).id;
  const payment = async (over: Partial<Payment> = {}): Promise<Payment> => ({
    orderId: order.id,
    buyerId: buyer.id,
    merchantId: merchant.id,
    currency: "USD",
    total: new Money("8.00"),
    buyerAccountId: await accountOf(buyer.id),
    merchantAccountId: await accountOf(merchant.id),
    ...over,
  });
  const run = async (p: Payment) => (await app.db.$queryRaw<PaymentRow[]>(paymentSql(p)))[0];
  const state = async () => {
    const o = await app.db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
    const s = await app.db.sku.findUniqueOrThrow({
      where: { id: sku.id },
      select: { stock: true, stockLocked: true, sold: true },
    });
    const settled = await app.db.journal.count({ where: { orderId: order.id, type: "ORDER_SETTLE" } });
    return { status: o.status, stock: [s.stock, s.stockLocked, s.sold], settled };
  };
  return { order, run, payment, state };
}

describe("payment statement", () => {
  it("pays once: order PAID, one settlement journal, locked stock sold; a second run changes nothing", async () => {
    const t = await placed();
    const first = await t.run(await t.payment());
    expect(first?.paid_at).toBeInstanceOf(Date);
    expect(await t.state()).toEqual({ status: "PAID", stock: [3, 0, 2], settled: 1 });
    expect((await t.run(await t.payment()))?.paid_at).toBeNull();
    expect(await t.state()).toEqual({ status: "PAID", stock: [3, 0, 2], settled: 1 });
    await app.assertInvariants();
  });

  it("a total, merchant or buyer that does not match the stored order pays nothing", async () => {
    const t = await placed();
    const other = await app.user("MEMBER");
    for (const over of [{ total: new Money("7.99") }, { merchantId: other.id }, { buyerId: other.id }]) {
      expect((await t.run(await t.payment(over)))?.paid_at).toBeNull();
      expect(await t.state()).toEqual({ status: "UNPAID", stock: [3, 2, 0], settled: 0 });
    }
    await app.assertInvariants();
  });

  it("an order past due is not paid, even before the job expires it", async () => {
    const t = await placed();
    await app.db.order.update({ where: { id: t.order.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.run(await t.payment()))?.paid_at).toBeNull();
    expect(await t.state()).toEqual({ status: "UNPAID", stock: [3, 2, 0], settled: 0 });
    await app.assertInvariants();
  });

  it("a journal that cannot post aborts the whole statement instead of paying half", async () => {
    const t = await placed();
    // The merchant's account given as the buyer's: the frozen bucket it would take from is empty.
    const p = await t.payment();
    await expect(
      t.run({ ...p, buyerAccountId: p.merchantAccountId, merchantAccountId: p.buyerAccountId }),
    ).rejects.toThrow(/division by zero/); // the completeness assertion of the statement
    expect(await t.state()).toEqual({ status: "UNPAID", stock: [3, 2, 0], settled: 0 });
    await app.assertInvariants();
  });
});
