import type { Prisma } from "@trade/db";
import { describe, expect, it } from "vitest";
import { checkInvariants } from "../src/risk/invariants.ts";
import { useTestApp } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku, walletAccountOf } from "./support/fixtures.ts";

// checkInvariants is what the job's reconciliation raises alerts from: each check must name the
// row that is wrong and both figures, and only the checks that are broken may fire. Every case
// breaks one invariant by raw SQL, asserts the whole report, repairs it and sees clean books
// (the file shares one database, so a case left broken would fail the next ones).
const app = useTestApp();

/**
 * The ledger and journals are append-only (triggers); replica mode switches the triggers off for
 * one transaction so a test can write what no service can.
 */
function bypassingTriggers(...statements: Prisma.PrismaPromise<unknown>[]) {
  return app().db.$transaction([app().db.$executeRaw`SET LOCAL session_replication_role = replica`, ...statements]);
}

describe("checkInvariants", () => {
  it("is empty on books written by the services", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "4.00" });
    const buyer = await fundedMember(app(), "50.00");
    const paid = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    await buyer.api.order.pay({ orderId: paid.id });
    await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await buyer.api.wallet.withdraw({ currency: "USD", amount: "5.00", idempotencyKey: key() });
    expect(await checkInvariants(app().db)).toEqual([]);
  });

  it("a balance off its ledger: ledger_balance for the account (not ledger_frozen) and USD not conserved", async () => {
    const member = await fundedMember(app(), "30.00");
    const account = await walletAccountOf(app(), member.id);
    await app().db.$executeRaw`UPDATE accounts SET balance = balance + 1 WHERE id = ${account.id}`;
    expect(await checkInvariants(app().db)).toEqual([
      { check: "ledger_balance", subject: `account:${account.id}`, expected: "30.00000000", actual: "31.00000000" },
      { check: "conservation", subject: "currency:USD", expected: "0", actual: "1.00000000" },
    ]);
    await app().db.$executeRaw`UPDATE accounts SET balance = balance - 1 WHERE id = ${account.id}`;
    expect(await checkInvariants(app().db)).toEqual([]);
  });

  it("frozen off its ledger and its holds: ledger_frozen (not ledger_balance), frozen_holds, conservation", async () => {
    const member = await fundedMember(app(), "30.00");
    const account = await walletAccountOf(app(), member.id);
    await app().db.$executeRaw`UPDATE accounts SET frozen = frozen + 2 WHERE id = ${account.id}`;
    expect(await checkInvariants(app().db)).toEqual([
      { check: "ledger_frozen", subject: `account:${account.id}`, expected: "0", actual: "2.00000000" },
      { check: "frozen_holds", subject: `account:${account.id}`, expected: "0", actual: "2.00000000" },
      { check: "conservation", subject: "currency:USD", expected: "0", actual: "2.00000000" },
    ]);
    await app().db.$executeRaw`UPDATE accounts SET frozen = frozen - 2 WHERE id = ${account.id}`;
    expect(await checkInvariants(app().db)).toEqual([]);
  });

  it("an UNPAID order whose total differs from what its wallet holds: frozen_holds only", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "4.00" });
    const buyer = await fundedMember(app(), "50.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const account = await walletAccountOf(app(), buyer.id);
    await app().db.$executeRaw`UPDATE orders SET total = total + 1 WHERE id = ${order.id}`;
    expect(await checkInvariants(app().db)).toEqual([
      { check: "frozen_holds", subject: `account:${account.id}`, expected: "5.00000000", actual: "4.00000000" },
    ]);
    await app().db.$executeRaw`UPDATE orders SET total = total - 1 WHERE id = ${order.id}`;
    expect(await checkInvariants(app().db)).toEqual([]);
  });

  it("a SKU row holding more units than its UNPAID orders: stock_locked with both counts", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "10.00");
    await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    await app().db.$executeRaw`UPDATE skus SET stock_locked = stock_locked + 1, stock = stock - 1 WHERE id = ${sku.id}`;
    expect(await checkInvariants(app().db)).toEqual([
      { check: "stock_locked", subject: `sku:${sku.id}`, expected: "2", actual: "3" },
    ]);
    await app().db.$executeRaw`UPDATE skus SET stock_locked = stock_locked - 1, stock = stock + 1 WHERE id = ${sku.id}`;
    expect(await checkInvariants(app().db)).toEqual([]);
  });

  it("a flash-sale bucket holding fewer units than its orders: bucket_locked naming SKU and bucket", async () => {
    const s = await stockedSku(app(), { stock: 6, price: "1.00" });
    await s.merchant.api.merchant.skus.setFlashMode({ skuId: s.sku.id, buckets: 2 });
    const buyer = await fundedMember(app(), "10.00");
    await buyer.api.order.place({ items: [{ skuId: s.sku.id, quantity: 2 }], idempotencyKey: key() });
    const item = await app().db.orderItem.findFirstOrThrow({ where: { skuId: s.sku.id } });
    const bucket = item.bucket ?? -1;
    const where = { skuId_bucket: { skuId: s.sku.id, bucket } };
    await app().db.skuStockBucket.update({ where, data: { stockLocked: { decrement: 1 }, stock: { increment: 1 } } });
    expect(await checkInvariants(app().db)).toEqual([
      { check: "bucket_locked", subject: `bucket:${s.sku.id}/${bucket}`, expected: "2", actual: "1" },
    ]);
    await app().db.skuStockBucket.update({ where, data: { stockLocked: { increment: 1 }, stock: { decrement: 1 } } });
    expect(await checkInvariants(app().db)).toEqual([]);
  });

  it("an unbalanced journal: journal_balanced with its sum, and the account off its ledger", async () => {
    const member = await fundedMember(app(), "30.00");
    const account = await walletAccountOf(app(), member.id);
    const journal = await app().db.journal.findFirstOrThrow({
      where: { entries: { some: { accountId: account.id } } },
      orderBy: { id: "desc" },
    });
    const [, inserted] = await bypassingTriggers(
      app().db
        .$executeRaw`INSERT INTO ledger_entries (journal_id, account_id, currency, bucket, amount, balance_after, frozen_after)
                         VALUES (${journal.id}, ${account.id}, 'USD', 'AVAILABLE', 0.5, 30.5, 0)`,
    );
    expect(inserted).toBe(1);
    expect(await checkInvariants(app().db)).toEqual([
      { check: "ledger_balance", subject: `account:${account.id}`, expected: "30.50000000", actual: "30.00000000" },
      { check: "journal_balanced", subject: `journal:${journal.id}`, expected: "0", actual: "0.50000000" },
    ]);
    await bypassingTriggers(
      app().db
        .$executeRaw`DELETE FROM ledger_entries WHERE journal_id = ${journal.id} AND amount = 0.5 AND balance_after = 30.5`,
    );
    expect(await checkInvariants(app().db)).toEqual([]);
  });

  it("an UNPAID order with a settlement journal: order_settlement with its status and journal counts", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "10.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await app().db
      .$executeRaw`INSERT INTO journals (type, currency, order_id) VALUES ('ORDER_SETTLE', 'USD', ${order.id})`;
    expect(await checkInvariants(app().db)).toEqual([
      {
        check: "order_settlement",
        subject: `order:${order.id}`,
        expected: "UNPAID: 1 hold + its resolution",
        actual: "holds 1, settles 1, releases 0",
      },
    ]);
    await bypassingTriggers(
      app().db.$executeRaw`DELETE FROM journals WHERE type = 'ORDER_SETTLE' AND order_id = ${order.id}`,
    );
    expect(await checkInvariants(app().db)).toEqual([]);
  });
});
