import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** Application locks protect only the code that takes them: the database refuses on its own. */
describe("the database is the last line of defence", () => {
  it("refuses negative stock, negative wallet balances and edits of the ledger", async () => {
    const { sku } = await stockedSku(app, { stock: 1 });
    const member = await fundedMember(app, "5.00");
    const account = await app.db.account.findFirstOrThrow({ where: { userId: member.id, currency: "USD" } });
    await expect(app.db.$executeRaw`UPDATE skus SET stock = -1 WHERE id = ${sku.id}`).rejects.toThrow(
      /skus_stock_non_negative/,
    );
    await expect(app.db.$executeRaw`UPDATE skus SET stock_locked = -1 WHERE id = ${sku.id}`).rejects.toThrow(
      /skus_stock_locked_non_negative/,
    );
    await expect(app.db.$executeRaw`UPDATE accounts SET balance = -0.01 WHERE id = ${account.id}`).rejects.toThrow(
      /accounts_wallet_non_negative/,
    );
    await expect(
      app.db.$executeRaw`UPDATE ledger_entries SET amount = 1000 WHERE account_id = ${account.id}`,
    ).rejects.toThrow(/append-only/);
    await expect(app.db.$executeRaw`DELETE FROM journals`).rejects.toThrow(/append-only/);
    await expect(app.db.$executeRaw`UPDATE orders SET status = 'PAID' WHERE false`).resolves.toBe(0);
    await app.assertInvariants();
  });

  it("refuses an unbalanced journal", async () => {
    const member = await fundedMember(app, "5.00");
    const account = await app.db.account.findFirstOrThrow({ where: { userId: member.id, currency: "USD" } });
    await expect(
      app.db.$transaction(async (tx) => {
        const [journal] = await tx.$queryRaw<
          { id: bigint }[]
        >`INSERT INTO journals (type, currency) VALUES ('DEPOSIT', 'USD') RETURNING id`;
        await tx.$executeRaw`INSERT INTO ledger_entries (journal_id, account_id, currency, bucket, amount, balance_after, frozen_after)
                           VALUES (${journal!.id}, ${account.id}, 'USD', 'AVAILABLE', 100, 105, 0)`;
      }),
    ).rejects.toThrow(/does not balance/);
    await app.assertInvariants();
  });

  it("a paid order cannot be marked paid-and-cancelled (status times must match the status)", async () => {
    const { sku } = await stockedSku(app, { stock: 2 });
    const buyer = await fundedMember(app, "50.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await expect(app.db.$executeRaw`UPDATE orders SET status = 'PAID' WHERE id = ${order.id}`).rejects.toThrow(
      /orders_status_times/,
    );
  });
});

describe("two-phase corner cases (Seata TCC)", () => {
  it("a late retry of place after a cancel replays the cancelled order and holds nothing again", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "2.00" });
    const buyer = await fundedMember(app, "10.00");
    const k = key();
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
    await buyer.api.order.cancel({ orderId: order.id });
    const late = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
    expect(late).toMatchObject({ id: order.id, status: "CANCELLED", replayed: true });
    expect((await buyer.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "10.00",
      frozen: "0.00",
    });
    expect((await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } })).stock).toBe(5);
    await app.assertInvariants();
  });

  it("JPY has no decimals end to end", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "1500", currency: "JPY" });
    const buyer = await fundedMember(app, "5000", "JPY");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 3 }], idempotencyKey: key() });
    expect(order.total).toBe("4500");
    expect(order.items[0]?.unitPrice).toBe("1500");
    expect((await buyer.api.wallet.accounts()).find((a) => a.currency === "JPY")).toMatchObject({
      available: "500",
      frozen: "4500",
      total: "5000",
    });
  });
});
