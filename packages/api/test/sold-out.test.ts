import { describe, expect, it } from "vitest";
import { isMarkedSoldOut } from "../src/order/sold-out.ts";
import { ADAPTERS, stockOf, useAdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, placeLines, refusalOf, stockedSku } from "./support/fixtures.ts";

// After a sell-out, a SKU this process saw sold out is checked by an unlocked read before any
// transaction. The read decides, never the mark: these pin what a buyer sees either way.

// Both inventory adapters, the same assertions (support/adapters.ts).
describe.each(ADAPTERS)("%s inventory", (adapter) => {
  const app = useAdapterApp(adapter);
  const globalTransactions = async () =>
    (await app().db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM global_transactions`)[0]?.n ?? 0;

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

    it("with some stock back, a demand past it is refused on the read, mark kept; one within it sells", async () => {
      const { sku } = await stockedSku(app(), { stock: 2, price: "1.00" });
      const [first, second] = [await fundedMember(app(), "10.00"), await fundedMember(app(), "10.00")];
      const one = await placeLines(first, [sku.id, 1]);
      await placeLines(first, [sku.id, 1]);
      // Refused by the placement itself: in remote mode after a log row, a Try and its Cancel.
      const logRows = await globalTransactions();
      expect(await refusalOf(placeLines(second, [sku.id, 1]))).toMatchObject({ code: "OUT_OF_STOCK" });
      expect(await globalTransactions()).toBe(logRows + (adapter === "remote" ? 1 : 0));
      expect(isMarkedSoldOut(sku.id)).toBe(true);
      await first.api.order.cancel({ orderId: one.id });
      // One unit back. Two are short of it: refused with what is left, and the SKU stays marked
      // (the placement would not mark it again: some stock is left). Refused on the read: remote
      // mode wrote no log row for it.
      const before = await globalTransactions();
      expect(await refusalOf(placeLines(second, [sku.id, 2]))).toEqual({
        code: "OUT_OF_STOCK",
        details: { skuId: sku.id, available: 1 },
        message: expect.any(String) as string,
      });
      expect(isMarkedSoldOut(sku.id)).toBe(true);
      expect(await globalTransactions()).toBe(before);
      // Exactly what is left sells, and the mark goes.
      expect((await placeLines(second, [sku.id, 1])).status).toBe("UNPAID");
      expect(isMarkedSoldOut(sku.id)).toBe(false);
      expect(await app().db.order.count({ where: { buyerId: second.id } })).toBe(1);
      await app().assertInvariants();
    });

    it("two marked SKUs in one demand: the short one is named, wherever it is; both back, both marks go", async () => {
      const merchant = await app().user("MERCHANT");
      const [x, y] = [
        (await stockedSku(app(), { stock: 1, price: "1.00", merchant })).sku,
        (await stockedSku(app(), { stock: 1, price: "1.00", merchant })).sku,
      ];
      const [first, second] = [await fundedMember(app(), "10.00"), await fundedMember(app(), "10.00")];
      const [onX, onY] = [await placeLines(first, [x.id, 1]), await placeLines(first, [y.id, 1])];
      expect(await codeOf(placeLines(second, [x.id, 1]))).toBe("OUT_OF_STOCK");
      expect([isMarkedSoldOut(x.id), isMarkedSoldOut(y.id)]).toEqual([true, false]);
      // One marked SKU in the demand is enough for the read, which names it (remote mode: no
      // log row); y, short too but not named, stays unmarked.
      const logRows = await globalTransactions();
      expect((await refusalOf(placeLines(second, [y.id, 1], [x.id, 1]))).details).toEqual({
        skuId: x.id,
        available: 0,
      });
      expect([await globalTransactions(), isMarkedSoldOut(y.id)]).toEqual([logRows, false]);
      expect(await codeOf(placeLines(second, [y.id, 1]))).toBe("OUT_OF_STOCK");
      expect(isMarkedSoldOut(y.id)).toBe(true);
      await first.api.order.cancel({ orderId: onX.id });
      // x is back, y is not: y is named, as the second line and as the first.
      for (const lines of [
        [
          [x.id, 1],
          [y.id, 1],
        ],
        [
          [y.id, 1],
          [x.id, 1],
        ],
      ] as [number, number][][])
        expect((await refusalOf(placeLines(second, ...lines))).details).toEqual({ skuId: y.id, available: 0 });
      await first.api.order.cancel({ orderId: onY.id });
      expect((await placeLines(second, [y.id, 1], [x.id, 1])).status).toBe("UNPAID");
      expect([isMarkedSoldOut(x.id), isMarkedSoldOut(y.id)]).toEqual([false, false]);
      await app().assertInvariants();
    });

    it("a demand with a sold-out SKU and a line the placement refuses first gets that refusal, as without the mark", async () => {
      const merchant = await app().user("MERCHANT");
      const hidden = await stockedSku(app(), { stock: 5, price: "1.00", merchant });
      const { sku } = await stockedSku(app(), { stock: 1, price: "1.00", merchant });
      await merchant.api.merchant.products.setStatus({ productId: hidden.product.id, status: "DELISTED" });
      const [first, second] = [await fundedMember(app(), "10.00"), await fundedMember(app(), "10.00")];
      await placeLines(first, [sku.id, 1]);
      expect(await codeOf(placeLines(second, [sku.id, 1]))).toBe("OUT_OF_STOCK");
      expect(isMarkedSoldOut(sku.id)).toBe(true);
      // A line not for sale is the answer, whether its id is below the sold-out SKU's or above:
      // the placement judges the catalogue before the stock, in both modes.
      expect(await codeOf(placeLines(second, [sku.id, 1], [hidden.sku.id, 1]))).toBe("NOT_LISTED");
      expect(await refusalOf(placeLines(second, [sku.id, 1], [sku.id + 1_000_000, 1]))).toEqual({
        code: "NOT_FOUND",
        details: { resource: "sku", skuId: sku.id + 1_000_000 },
        message: expect.any(String) as string,
      });
      expect(await app().db.order.count({ where: { buyerId: second.id } })).toBe(0);
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
