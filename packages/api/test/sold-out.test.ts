import { describe, expect, it } from "vitest";
import { isMarkedSoldOut } from "../src/order/sold-out.ts";
import { ADAPTERS, stockOf, useAdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

// After a sell-out, a SKU this process saw sold out is checked by an unlocked read before any
// transaction. The read decides, never the mark: these pin what a buyer sees either way.

// Both inventory adapters, the same assertions (support/adapters.ts).
describe.each(ADAPTERS)("%s inventory", (adapter) => {
  const app = useAdapterApp(adapter);

  describe("a sold-out SKU", () => {
    it("is refused with what is left, sells again the moment stock returns, and drops its mark", async () => {
      const { sku } = await stockedSku(app(), { stock: 1, price: "2.00" });
      const [first, second] = [await fundedMember(app(), "10.00"), await fundedMember(app(), "10.00")];
      const bought = await first.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      const refused = await second.api.order
        .place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })
        .catch((e: unknown) => e);
      expect((refused as { cause?: { code?: string; details?: unknown } }).cause).toMatchObject({
        code: "OUT_OF_STOCK",
        details: { skuId: sku.id, available: 0 },
      });
      expect(isMarkedSoldOut(sku.id)).toBe(true);
      // Refused again, now on the unlocked read, with the same answer (what is left); nothing changes.
      const refusedAgain = await second.api.order
        .place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })
        .catch((e: unknown) => e);
      expect((refusedAgain as { cause?: unknown }).cause).toMatchObject({
        code: "OUT_OF_STOCK",
        details: { skuId: sku.id, available: 0 },
      });
      expect(await app().db.order.count({ where: { buyerId: second.id } })).toBe(0);

      await first.api.order.cancel({ orderId: bought.id });
      const again = await second.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      expect(again.status).toBe("UNPAID");
      expect(isMarkedSoldOut(sku.id)).toBe(false);
      expect((await stockOf(app(), sku.id)).slice(0, 2)).toEqual([0, 1]);
      await app().assertInvariants();
    });

    it("a retried request whose order was placed before the sell-out is replayed, not refused", async () => {
      const { sku } = await stockedSku(app(), { stock: 1, price: "2.00" });
      const [buyer, other] = [await fundedMember(app(), "10.00"), await fundedMember(app(), "10.00")];
      const k = key();
      const placed = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
      expect(
        await codeOf(other.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })),
      ).toBe("OUT_OF_STOCK");
      expect(isMarkedSoldOut(sku.id)).toBe(true);
      const replayed = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
      expect(replayed).toMatchObject({ id: placed.id, replayed: true });
      await app().assertInvariants();
    });

    it("a delisted sold-out SKU is NOT_LISTED, as without the mark", async () => {
      const { merchant, product, sku } = await stockedSku(app(), { stock: 1, price: "2.00" });
      const [buyer, other] = [await fundedMember(app(), "10.00"), await fundedMember(app(), "10.00")];
      await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      expect(
        await codeOf(other.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })),
      ).toBe("OUT_OF_STOCK");
      await merchant.api.merchant.products.setStatus({ productId: product.id, status: "DELISTED" });
      expect(
        await codeOf(other.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })),
      ).toBe("NOT_LISTED");
    });
  });
});
