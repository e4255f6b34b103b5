import { describe, expect, it } from "vitest";
import { placementSql, type PlacementRow } from "../src/order/place-statement.ts";
import { ADAPTERS, stockOf, useAdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, placeLines, refusalOf, stockedSku } from "./support/fixtures.ts";

/** Small caps, so a test reaches them: 3 open orders, 4 units of one SKU per buyer. */
// Both inventory adapters, the same assertions (support/adapters.ts).
describe.each(ADAPTERS)("%s inventory", (adapter) => {
  const app = useAdapterApp(adapter, { poolSize: 30, policy: { maxOpenOrders: 3, maxHeldUnitsPerSku: 4 } });

  function tally(codes: string[]): Record<string, number> {
    return codes.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});
  }

  describe("one buyer cannot hold a SKU hostage (HOLD_LIMIT)", () => {
    it("caps the units of one SKU a buyer holds in unpaid orders; refused orders write nothing; cancelling frees the room", async () => {
      const { sku } = await stockedSku(app(), { stock: 100, price: "1.00" });
      const buyer = await fundedMember(app(), "100.00");
      const place = (quantity: number) =>
        buyer.api.order.place({ items: [{ skuId: sku.id, quantity }], idempotencyKey: key() });
      const first = await place(3);
      expect((await refusalOf(place(2))).details).toEqual({ skuId: sku.id, held: 3, limit: 4 });
      expect(await codeOf(place(2))).toBe("HOLD_LIMIT");
      // Two lines of the same SKU are one demand.
      expect(await codeOf(placeLines(buyer, [sku.id, 1], [sku.id, 1]))).toBe("HOLD_LIMIT");
      expect((await stockOf(app(), sku.id)).slice(0, 2)).toEqual([97, 3]);
      expect((await buyer.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
        available: "97.00",
        frozen: "3.00",
      });
      await place(1);
      await buyer.api.order.cancel({ orderId: first.id });
      expect((await place(3)).status).toBe("UNPAID");
      // Another buyer is not affected by this one's holds.
      const other = await fundedMember(app(), "10.00");
      expect(
        (await other.api.order.place({ items: [{ skuId: sku.id, quantity: 4 }], idempotencyKey: key() })).status,
      ).toBe("UNPAID");
      await app().assertInvariants();
    });

    it("caps a buyer's open unpaid orders; paying one frees the room", async () => {
      const skus = await Promise.all([1, 2, 3, 4].map(() => stockedSku(app(), { stock: 10, price: "1.00" })));
      const buyer = await fundedMember(app(), "100.00");
      const place = (i: number) =>
        buyer.api.order.place({ items: [{ skuId: skus[i]!.sku.id, quantity: 1 }], idempotencyKey: key() });
      const orders = [await place(0), await place(1), await place(2)];
      expect((await refusalOf(place(3))).details).toEqual({ skuId: null, held: 3, limit: 3 });
      await buyer.api.order.pay({ orderId: orders[0]!.id });
      expect((await place(3)).status).toBe("UNPAID");
      expect(await codeOf(place(0))).toBe("HOLD_LIMIT");
      await app().assertInvariants();
    });

    it("20 concurrent orders of one buyer on one SKU: exactly the cap is held", async () => {
      const { sku } = await stockedSku(app(), { stock: 100, price: "1.00" });
      const buyer = await fundedMember(app(), "100.00");
      const codes = await Promise.all(
        Array.from({ length: 20 }, () =>
          codeOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() })),
        ),
      );
      expect(tally(codes)).toEqual({ RESOLVED: 2, HOLD_LIMIT: 18 });
      expect((await stockOf(app(), sku.id))[1]).toBe(4);
      await app().assertInvariants();
    }, 60_000);

    it("20 concurrent orders of one buyer in two currencies (two wallet accounts): exactly the open-orders cap", async () => {
      const buyer = await fundedMember(app(), "100.00");
      await buyer.api.wallet.deposit({ currency: "JPY", amount: "100000", idempotencyKey: key() });
      const usd = await Promise.all(Array.from({ length: 10 }, () => stockedSku(app(), { stock: 5, price: "1.00" })));
      const jpy = await Promise.all(
        Array.from({ length: 10 }, () => stockedSku(app(), { stock: 5, price: "100", currency: "JPY" })),
      );
      const codes = await Promise.all(
        [...usd, ...jpy].map(({ sku }) =>
          codeOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })),
        ),
      );
      expect(tally(codes)).toEqual({ RESOLVED: 3, HOLD_LIMIT: 17 });
      expect(await app().db.order.count({ where: { buyerId: buyer.id, status: "UNPAID" } })).toBe(3);
      await app().assertInvariants();
    }, 60_000);

    // The local statement itself (the remote one shares its hold-limit function).
    it.skipIf(adapter === "remote")(
      "a limit of 0 is no limit (the load benchmark's setting); the statement reports the limit it hit",
      async () => {
        const { sku } = await stockedSku(app(), { stock: 10, price: "1.00" });
        const buyer = await fundedMember(app(), "10.00");
        const run = async (maxOpenOrders: number, maxHeldUnitsPerSku: number) => {
          const sql = placementSql({
            buyerId: buyer.id,
            idempotencyKey: key(),
            requestHash: "h",
            expiresAt: new Date(Date.now() + 60_000),
            demand: [[sku.id, 1]],
            maxOpenOrders,
            maxHeldUnitsPerSku,
          });
          return (await app().db.$queryRaw<PlacementRow[]>(sql))[0];
        };
        expect((await run(1, 1))?.order_id).not.toBeNull();
        expect((await run(1, 0))?.hold_refusal).toEqual({ skuId: null, held: 1, limit: 1 });
        expect((await run(0, 1))?.hold_refusal).toEqual({ skuId: sku.id, held: 1, limit: 1 });
        const unlimited = await run(0, 0);
        expect([unlimited?.order_id !== null, unlimited?.hold_refusal]).toEqual([true, null]);
        expect(await app().db.order.count({ where: { buyerId: buyer.id, status: "UNPAID" } })).toBe(2);
        await app().assertInvariants();
      },
    );
  });
});
