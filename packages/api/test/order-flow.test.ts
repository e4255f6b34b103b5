import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADAPTERS, createAdapterApp, stockOf, type AdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

// The same assertions against both inventory adapters: in-process (stock in the order database)
// and remote (the real inventory service, TCC coordinated by the order service).
describe.each(ADAPTERS)("%s inventory", (adapter) => {
  let app: AdapterApp;
  const GBP = "GBP";
  const CHF = "CHF";
  beforeAll(async () => {
    app = await createAdapterApp(adapter);
  });
  afterAll(async () => {
    await app?.close();
  });

  describe("place -> pay", () => {
    it("holds funds and stock, then settles to the merchant", async () => {
      const { merchant, sku } = await stockedSku(app, { stock: 5, price: "12.50" });
      const buyer = await fundedMember(app, "100.00");
      const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
      expect(order.status).toBe("UNPAID");
      expect(order.total).toBe("25.00");
      expect(order.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);

      const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
      expect(usd).toMatchObject({ available: "75.00", frozen: "25.00", total: "100.00" });
      expect(await stockOf(app, sku.id)).toEqual([3, 2, 0]);
      await app.assertInvariants();

      const paid = await buyer.api.order.pay({ orderId: order.id });
      expect(paid.status).toBe("PAID");
      const after = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
      expect(after).toMatchObject({ available: "75.00", frozen: "0.00" });
      const merchantUsd = (await merchant.api.merchant.accounts()).find((a) => a.currency === "USD");
      expect(merchantUsd?.available).toBe("25.00");
      expect(await stockOf(app, sku.id)).toEqual([3, 0, 2]);

      expect((await buyer.api.order.pay({ orderId: order.id })).status).toBe("PAID");
      const journals = await app.db.journal.count({ where: { orderId: order.id, type: "ORDER_SETTLE" } });
      expect(journals).toBe(1);
      await app.assertInvariants();
    });

    it("cancel gives both holds back; cancelling twice is harmless", async () => {
      const { sku } = await stockedSku(app, { stock: 3, price: "5.00" });
      const buyer = await fundedMember(app, "20.00");
      const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 3 }], idempotencyKey: key() });
      expect((await buyer.api.order.cancel({ orderId: order.id })).status).toBe("CANCELLED");
      expect((await buyer.api.order.cancel({ orderId: order.id })).status).toBe("CANCELLED");
      const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
      expect(usd).toMatchObject({ available: "20.00", frozen: "0.00" });
      expect((await stockOf(app, sku.id)).slice(0, 2)).toEqual([3, 0]);
      expect(await codeOf(buyer.api.order.pay({ orderId: order.id }))).toBe("ORDER_NOT_PAYABLE");
      await app.assertInvariants();
    });

    it("refuses an order the buyer cannot afford and changes nothing", async () => {
      const { sku } = await stockedSku(app, { stock: 3, price: "50.00" });
      const buyer = await fundedMember(app, "20.00");
      const error = await buyer.api.order
        .place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })
        .catch((e: unknown) => e);
      expect((error as { cause?: { code?: string; details?: Record<string, string> } }).cause).toMatchObject({
        code: "INSUFFICIENT_FUNDS",
        details: { missing: "30.00", currency: "USD" },
      });
      expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
      expect((await stockOf(app, sku.id))[0]).toBe(3);
      await app.assertInvariants();
    });
  });

  describe("a currency added after registration", () => {
    it("can be used at once, before the job backfills the wallets", async () => {
      const merchant = await app.user("MERCHANT");
      const buyer = await app.user("MEMBER");
      const ops = await app.user("OPERATOR");
      await ops.api.ops.currencies.create({ code: GBP, name: "Pound sterling", scale: 2 });
      expect(await app.db.account.count({ where: { userId: { in: [merchant.id, buyer.id] }, currency: GBP } })).toBe(0);
      const { sku } = await stockedSku(app, { stock: 3, price: "4.00", currency: GBP, merchant });
      await buyer.api.wallet.deposit({ currency: GBP, amount: "10.00", idempotencyKey: key() });
      const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
      await buyer.api.order.pay({ orderId: order.id });
      expect((await buyer.api.wallet.accounts()).find((a) => a.currency === GBP)).toMatchObject({
        available: "2.00",
        frozen: "0.00",
      });
      expect((await merchant.api.merchant.accounts()).find((a) => a.currency === GBP)?.available).toBe("8.00");
      await app.assertInvariants();
    });

    it("an order in it from a member with no wallet in it yet is INSUFFICIENT_FUNDS, and the wallet now exists", async () => {
      const merchant = await app.user("MERCHANT");
      const ops = await app.user("OPERATOR");
      await ops.api.ops.currencies.create({ code: CHF, name: "Swiss franc", scale: 2 });
      const buyer = await app.user("MEMBER");
      // Registered before the currency, or the backfill has not run: no CHF wallet.
      await app.db.account.deleteMany({ where: { userId: buyer.id, currency: CHF } });
      const { sku } = await stockedSku(app, { stock: 3, price: "4.00", currency: CHF, merchant });
      const error = await buyer.api.order
        .place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })
        .catch((e: unknown) => e);
      expect((error as { cause?: { code?: string; details?: Record<string, string> } }).cause).toMatchObject({
        code: "INSUFFICIENT_FUNDS",
        details: { currency: CHF, required: "4.00", available: "0.00", missing: "4.00" },
      });
      expect(await app.db.account.count({ where: { userId: buyer.id, currency: CHF, kind: "WALLET" } })).toBe(1);
      expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
      expect((await stockOf(app, sku.id))[0]).toBe(3);
      await app.assertInvariants();
    });
  });
});
