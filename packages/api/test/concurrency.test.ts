import { beforeAll, describe, expect, it } from "vitest";
import { ADAPTERS, stockOf, useAdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, placeLines, stockedSku } from "./support/fixtures.ts";
import { deadlocks, withOwnPool } from "./support/locks.ts";

/** The domain codes of the rejected calls (each must name why it was refused). */
async function rejectionCodes(results: PromiseSettledResult<unknown>[]): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const r of results) if (r.status === "rejected") codes.add(await codeOf(Promise.reject(r.reason as Error)));
  return codes;
}
const rejectedCount = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r) => r.status === "rejected").length;

// Both inventory adapters, the same assertions (support/adapters.ts).
describe.each(ADAPTERS)("%s inventory", (adapter) => {
  const app = useAdapterApp(adapter, { poolSize: 50 });
  let deadlocksAtStart = 0;
  beforeAll(async () => {
    deadlocksAtStart = await deadlocks(app().db);
  });

  describe("under concurrency", () => {
    it("200 concurrent buyers on a SKU with stock 50: exactly 50 orders, nothing negative", async () => {
      const { sku } = await stockedSku(app(), { stock: 50, price: "3.00" });
      const buyers = await Promise.all(Array.from({ length: 200 }, () => fundedMember(app(), "10.00")));
      const results = await Promise.all(
        buyers.map((b) =>
          codeOf(b.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })),
        ),
      );
      const tally = results.reduce<Record<string, number>>(
        (acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }),
        {},
      );
      expect(tally).toEqual({ RESOLVED: 50, OUT_OF_STOCK: 150 });
      expect((await stockOf(app(), sku.id)).slice(0, 2)).toEqual([0, 50]);
      expect(await app().db.order.count({ where: { items: { some: { skuId: sku.id } } } })).toBe(50);
      await app().assertInvariants();
    }, 120_000);

    it("50 concurrent places with one idempotency key: one order, one hold", async () => {
      const { sku } = await stockedSku(app(), { stock: 100, price: "1.00" });
      const buyer = await fundedMember(app(), "100.00");
      const k = key();
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () =>
          buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k }),
        ),
      );
      const ids = new Set(results.flatMap((r) => (r.status === "fulfilled" ? [r.value.id] : [])));
      expect(ids.size).toBe(1);
      // Duplicates either replay the first result or are told the first is still in flight; none moves money.
      for (const r of results)
        if (r.status === "rejected")
          expect(await codeOf(Promise.reject(r.reason as Error))).toBe("IDEMPOTENCY_IN_FLIGHT");
      expect(await app().db.order.count({ where: { buyerId: buyer.id } })).toBe(1);
      expect(await app().db.journal.count({ where: { type: "ORDER_HOLD", orderId: [...ids][0] } })).toBe(1);
      const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
      expect(usd).toMatchObject({ available: "99.00", frozen: "1.00" });
      await app().assertInvariants();
    }, 60_000);

    it("the same key with a different request is IDEMPOTENCY_CONFLICT and moves nothing", async () => {
      const { sku } = await stockedSku(app(), { stock: 10, price: "1.00" });
      const buyer = await fundedMember(app(), "10.00");
      const k = key();
      await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
      expect(await codeOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: k }))).toBe(
        "IDEMPOTENCY_CONFLICT",
      );
      const replay = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
      expect(replay.replayed).toBe(true);
      expect(await app().db.order.count({ where: { buyerId: buyer.id } })).toBe(1);
    });

    // The services sort lines before building SQL and runTx retries deadlocks silently, so "no
    // error" alone proves nothing: the database's own deadlock counter must not move either (one
    // deadlock would be retried into a success). Where the order could break is tested in
    // lock-order.test.ts.
    it("orders over two SKUs in opposite line order, then pays and cancels: zero deadlocks", async () => {
      const merchant = await app().user("MERCHANT");
      const a = await stockedSku(app(), { stock: 1000, price: "1.00", merchant });
      const b = await stockedSku(app(), { stock: 1000, price: "1.00", merchant });
      const buyers = await Promise.all(Array.from({ length: 40 }, () => fundedMember(app(), "100.00")));
      const before = await deadlocks(app().db);
      const { placed, settled } = await withOwnPool(app(), { poolSize: 16 }, async (callerFor) => {
        const apis = new Map(buyers.map((buyer) => [buyer.id, callerFor(buyer.id)]));
        const api = (id: number) => {
          const caller = apis.get(id);
          if (!caller) throw new Error(`no caller for ${id}`);
          return caller;
        };
        const placed = await Promise.all(
          buyers.flatMap((buyer, i) =>
            [0, 1, 2].map(() => {
              const lines = [
                { skuId: a.sku.id, quantity: 1 },
                { skuId: b.sku.id, quantity: 1 },
              ];
              const items = i % 2 === 0 ? lines : lines.reverse();
              return codeOf(api(buyer.id).order.place({ items, idempotencyKey: key() }));
            }),
          ),
        );
        // Pay half and cancel half concurrently: more lock traffic over the same rows.
        const orders = await app().db.order.findMany({
          where: { buyerId: { in: buyers.map((b) => b.id) } },
          select: { id: true, buyerId: true },
        });
        const settled = await Promise.all(
          orders.map((o, i) =>
            codeOf(
              i % 2 ? api(o.buyerId).order.pay({ orderId: o.id }) : api(o.buyerId).order.cancel({ orderId: o.id }),
            ),
          ),
        );
        return { placed, settled };
      });
      expect(placed.every((r) => r === "RESOLVED")).toBe(true);
      expect(settled.every((r) => r === "RESOLVED")).toBe(true);
      expect(await deadlocks(app().db)).toBe(before);
      await app().assertInvariants();
    }, 60_000);

    it("two cart lines on one SKU are checked as one demand", async () => {
      const { sku } = await stockedSku(app(), { stock: 3, price: "1.00" });
      const buyer = await fundedMember(app(), "10.00");
      expect(await codeOf(placeLines(buyer, [sku.id, 2], [sku.id, 2]))).toBe("OUT_OF_STOCK");
      const order = await placeLines(buyer, [sku.id, 1], [sku.id, 2]);
      expect(order.items).toHaveLength(1);
      expect(order.items[0]?.quantity).toBe(3);
      await app().assertInvariants();
    });

    it("pay racing cancel: exactly one wins, the loser gets a clear error", async () => {
      const { sku } = await stockedSku(app(), { stock: 100, price: "2.00" });
      for (let round = 0; round < 10; round++) {
        const buyer = await fundedMember(app(), "10.00");
        const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
        const [pay, cancel] = await Promise.all([
          codeOf(buyer.api.order.pay({ orderId: order.id })),
          codeOf(buyer.api.order.cancel({ orderId: order.id })),
        ]);
        const final = await app().db.order.findUniqueOrThrow({ where: { id: order.id } });
        if (final.status === "PAID") expect([pay, cancel]).toEqual(["RESOLVED", "ORDER_NOT_CANCELLABLE"]);
        else expect([final.status, pay, cancel]).toEqual(["CANCELLED", "ORDER_NOT_PAYABLE", "RESOLVED"]);
      }
      await app().assertInvariants();
    }, 60_000);

    it("double pay and double cancel, concurrently, settle once", async () => {
      const { merchant, sku } = await stockedSku(app(), { stock: 10, price: "4.00" });
      const buyer = await fundedMember(app(), "20.00");
      const o1 = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      const pays = await Promise.all(Array.from({ length: 10 }, () => buyer.api.order.pay({ orderId: o1.id })));
      expect(pays.every((p) => p.status === "PAID")).toBe(true);
      expect(await app().db.journal.count({ where: { orderId: o1.id, type: "ORDER_SETTLE" } })).toBe(1);
      expect((await merchant.api.merchant.accounts()).find((a) => a.currency === "USD")?.available).toBe("4.00");
      const o2 = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
      const cancels = await Promise.all(Array.from({ length: 10 }, () => buyer.api.order.cancel({ orderId: o2.id })));
      expect(cancels.every((c) => c.status === "CANCELLED")).toBe(true);
      expect(await app().db.journal.count({ where: { orderId: o2.id, type: "ORDER_RELEASE" } })).toBe(1);
      await app().assertInvariants();
    });

    it("deposit and withdraw double-submits (concurrent, same key) move money once", async () => {
      const member = await app().user("MEMBER");
      const k = key();
      const deposits = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          member.api.wallet.deposit({ currency: "USD", amount: "50.00", idempotencyKey: k }),
        ),
      );
      const depositIds = new Set(deposits.flatMap((d) => (d.status === "fulfilled" ? [d.value.id] : [])));
      expect(depositIds.size).toBe(1);
      // A duplicate either replays the first deposit or is told it is still in flight, nothing else.
      expect(await rejectionCodes(deposits)).toEqual(new Set(rejectedCount(deposits) ? ["IDEMPOTENCY_IN_FLIGHT"] : []));
      for (const d of deposits) if (d.status === "fulfilled") expect(d.value.amount).toBe("50.00");
      const w = key();
      const withdrawals = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          member.api.wallet.withdraw({ currency: "USD", amount: "20.00", idempotencyKey: w }),
        ),
      );
      expect(new Set(withdrawals.flatMap((d) => (d.status === "fulfilled" ? [d.value.id] : []))).size).toBe(1);
      expect(await rejectionCodes(withdrawals)).toEqual(
        new Set(rejectedCount(withdrawals) ? ["IDEMPOTENCY_IN_FLIGHT"] : []),
      );
      const usd = (await member.api.wallet.accounts()).find((a) => a.currency === "USD");
      expect(usd).toMatchObject({ available: "30.00", frozen: "0.00" });
      await app().assertInvariants();
    });

    it("concurrent withdrawals cannot overdraw", async () => {
      const member = await fundedMember(app(), "100.00");
      const results = await Promise.all(
        Array.from({ length: 30 }, () =>
          codeOf(member.api.wallet.withdraw({ currency: "USD", amount: "10.00", idempotencyKey: key() })),
        ),
      );
      expect(results.filter((r) => r === "RESOLVED")).toHaveLength(10);
      expect(results.filter((r) => r === "INSUFFICIENT_FUNDS")).toHaveLength(20);
      await app().assertInvariants();
    });

    // Last: runTx retries deadlocks, so every test above would pass with some; the database counts them.
    it("no test in this file deadlocked", async () => {
      // Idle backends flush their statistics within about a second.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await deadlocks(app().db)).toBe(deadlocksAtStart);
    });
  });
});
