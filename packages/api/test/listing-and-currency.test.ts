import { describe, expect, it } from "vitest";
import { ADAPTERS, useAdapterApp } from "./support/adapters.ts";
import { forgetCurrencies } from "../src/wallet/currencies.ts";
import { codeOf, fundedMember, key, registerStock, stockedSku } from "./support/fixtures.ts";
import { holdRowLock, waitForLockWaiters } from "./support/locks.ts";

// Both inventory adapters, the same assertions (support/adapters.ts).
describe.each(ADAPTERS)("%s inventory", (adapter) => {
  const app = useAdapterApp(adapter);

  describe("placement judges the product as of its locks", () => {
    it("an order queued behind a hot SKU is refused once a delist has committed", async () => {
      const { merchant, product, sku } = await stockedSku(app(), { stock: 10, price: "1.00" });
      const buyer = await fundedMember(app(), "10.00");
      // Another buyer's transaction holds the hot SKU; this placement queues behind it.
      const held = await holdRowLock(app().db, "skus", sku.id);
      const queued = codeOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() }));
      try {
        await waitForLockWaiters(app().db);
        // The delist commits while the placement waits (it locks only the product row).
        const delisted = await merchant.api.merchant.products.setStatus({ productId: product.id, status: "DELISTED" });
        expect(delisted.status).toBe("DELISTED");
      } finally {
        await held.release();
      }
      expect(await queued).toBe("NOT_LISTED");
      expect(await app().db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
      await app().assertInvariants();
    });

    it("a listed product still sells with its row share-locked by concurrent buyers", async () => {
      const merchant = await app().user("MERCHANT");
      const { product, sku } = await stockedSku(app(), { stock: 40, price: "1.00", merchant });
      // A second SKU of the same product: buyers of both share the product row lock.
      const other = await merchant.api.merchant.skus.create({
        productId: product.id,
        code: `B-${key()}`,
        attributes: {},
        price: "1.00",
        currency: "USD",
        stock: 40,
      });
      await registerStock(app(), { skuId: other.id, merchantId: merchant.id, stock: 40 });
      const buyers = await Promise.all(Array.from({ length: 20 }, () => fundedMember(app(), "5.00")));
      const codes = await Promise.all(
        buyers.map((b, i) =>
          codeOf(
            b.api.order.place({ items: [{ skuId: i % 2 ? sku.id : other.id, quantity: 2 }], idempotencyKey: key() }),
          ),
        ),
      );
      expect(codes.every((c) => c === "RESOLVED")).toBe(true);
      await app().assertInvariants();
    });
  });

  describe("an inactive currency", () => {
    it("takes no new orders, payments or deposits; its balances stay withdrawable", async () => {
      const operator = await app().user("OPERATOR");
      await operator.api.ops.currencies.create({ code: "XTS", name: "Test currency", scale: 2 });
      // A new currency has no withdrawal threshold (every withdrawal would wait): give it one.
      await operator.api.ops.currencies.setThreshold({ code: "XTS", amount: "1000.00" });
      const member = await app().user("MEMBER");
      const depositKey = key();
      await member.api.wallet.deposit({ currency: "XTS", amount: "50.00", idempotencyKey: depositKey });
      const { sku } = await stockedSku(app(), { stock: 10, price: "5.00", currency: "XTS" });
      const unpaid = await member.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });

      // Switched off behind the services' backs: their 5-second currency cache still says active,
      // so what refuses here is the check against the row itself, in each statement.
      await app().db.$executeRaw`UPDATE currencies SET active = false WHERE code = 'XTS'`;
      const place = () => member.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      expect(await codeOf(place())).toBe("CURRENCY_INACTIVE");
      expect(await codeOf(member.api.order.pay({ orderId: unpaid.id }))).toBe("CURRENCY_INACTIVE");
      expect(await codeOf(member.api.wallet.deposit({ currency: "XTS", amount: "1.00", idempotencyKey: key() }))).toBe(
        "CURRENCY_INACTIVE",
      );

      // Through the operator's switch (cache dropped): the same answers, refused before any SQL.
      await app().db.$executeRaw`UPDATE currencies SET active = true WHERE code = 'XTS'`;
      forgetCurrencies();
      await operator.api.ops.currencies.setActive({ code: "XTS", active: false });
      expect(await codeOf(place())).toBe("CURRENCY_INACTIVE");
      expect(await codeOf(member.api.order.pay({ orderId: unpaid.id }))).toBe("CURRENCY_INACTIVE");
      expect(await codeOf(member.api.wallet.deposit({ currency: "XTS", amount: "1.00", idempotencyKey: key() }))).toBe(
        "CURRENCY_INACTIVE",
      );

      // A retry of the deposit made before the switch still replays it (idempotency outlives the switch).
      const retried = await member.api.wallet.deposit({ currency: "XTS", amount: "50.00", idempotencyKey: depositKey });
      expect(retried.replayed).toBe(true);

      // The held order can still be cancelled, and every unit of the currency can be withdrawn.
      expect((await member.api.order.cancel({ orderId: unpaid.id })).status).toBe("CANCELLED");
      const out = await member.api.wallet.withdraw({ currency: "XTS", amount: "50.00", idempotencyKey: key() });
      expect(out.status).toBe("COMPLETED");
      expect((await member.api.wallet.accounts()).find((a) => a.currency === "XTS")).toMatchObject({
        available: "0.00",
        frozen: "0.00",
      });
      expect(await app().db.order.count({ where: { buyerId: member.id, status: "PAID" } })).toBe(0);
      await app().assertInvariants();
    });
  });
});
