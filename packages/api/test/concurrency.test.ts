import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ poolSize: 50 });
});
afterAll(async () => {
  await app?.close();
});

describe("under concurrency", () => {
  it("200 concurrent buyers on a SKU with stock 50: exactly 50 orders, nothing negative", async () => {
    const { sku } = await stockedSku(app, { stock: 50, price: "3.00" });
    const buyers = await Promise.all(Array.from({ length: 200 }, () => fundedMember(app, "10.00")));
    const results = await Promise.all(
      buyers.map((b) => codeOf(b.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() }))),
    );
    const tally = results.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});
    expect(tally).toEqual({ RESOLVED: 50, OUT_OF_STOCK: 150 });
    const after = await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } });
    expect([after.stock, after.stockLocked]).toEqual([0, 50]);
    expect(await app.db.order.count({ where: { items: { some: { skuId: sku.id } } } })).toBe(50);
    await app.assertInvariants();
  }, 120_000);

  it("50 concurrent places with one idempotency key: one order, one hold", async () => {
    const { sku } = await stockedSku(app, { stock: 100, price: "1.00" });
    const buyer = await fundedMember(app, "100.00");
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
    expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(1);
    expect(await app.db.journal.count({ where: { type: "ORDER_HOLD", orderId: [...ids][0] } })).toBe(1);
    const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
    expect(usd).toMatchObject({ available: "99.00", frozen: "1.00" });
    await app.assertInvariants();
  }, 60_000);

  it("the same key with a different request is IDEMPOTENCY_CONFLICT and moves nothing", async () => {
    const { sku } = await stockedSku(app, { stock: 10, price: "1.00" });
    const buyer = await fundedMember(app, "10.00");
    const k = key();
    await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
    expect(await codeOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: k }))).toBe(
      "IDEMPOTENCY_CONFLICT",
    );
    const replay = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: k });
    expect(replay.replayed).toBe(true);
    expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(1);
  });

  it("orders over two SKUs in opposite line order never surface a deadlock", async () => {
    const merchant = await app.user("MERCHANT");
    const a = await stockedSku(app, { stock: 1000, price: "1.00", merchant });
    const b = await stockedSku(app, { stock: 1000, price: "1.00", merchant });
    const buyers = await Promise.all(Array.from({ length: 40 }, () => fundedMember(app, "100.00")));
    const results = await Promise.all(
      buyers.flatMap((buyer, i) =>
        [0, 1, 2].map(() => {
          const items =
            i % 2 === 0
              ? [
                  { skuId: a.sku.id, quantity: 1 },
                  { skuId: b.sku.id, quantity: 1 },
                ]
              : [
                  { skuId: b.sku.id, quantity: 1 },
                  { skuId: a.sku.id, quantity: 1 },
                ];
          return codeOf(buyer.api.order.place({ items, idempotencyKey: key() }));
        }),
      ),
    );
    expect(results.every((r) => r === "RESOLVED")).toBe(true);
    // Pay half and cancel half concurrently: more lock traffic over the same rows.
    const orders = await app.db.order.findMany({
      where: { buyerId: { in: buyers.map((b) => b.id) } },
      select: { id: true, buyerId: true },
    });
    const byId = new Map(buyers.map((b) => [b.id, b]));
    const settled = await Promise.all(
      orders.map((o, i) =>
        codeOf(
          i % 2
            ? byId.get(o.buyerId)!.api.order.pay({ orderId: o.id })
            : byId.get(o.buyerId)!.api.order.cancel({ orderId: o.id }),
        ),
      ),
    );
    expect(settled.every((r) => r === "RESOLVED")).toBe(true);
    await app.assertInvariants();
  }, 60_000);

  it("two cart lines on one SKU are checked as one demand", async () => {
    const { sku } = await stockedSku(app, { stock: 3, price: "1.00" });
    const buyer = await fundedMember(app, "10.00");
    expect(
      await codeOf(
        buyer.api.order.place({
          items: [
            { skuId: sku.id, quantity: 2 },
            { skuId: sku.id, quantity: 2 },
          ],
          idempotencyKey: key(),
        }),
      ),
    ).toBe("OUT_OF_STOCK");
    const order = await buyer.api.order.place({
      items: [
        { skuId: sku.id, quantity: 1 },
        { skuId: sku.id, quantity: 2 },
      ],
      idempotencyKey: key(),
    });
    expect(order.items).toHaveLength(1);
    expect(order.items[0]?.quantity).toBe(3);
    await app.assertInvariants();
  });

  it("pay racing cancel: exactly one wins, the loser gets a clear error", async () => {
    const { sku } = await stockedSku(app, { stock: 100, price: "2.00" });
    for (let round = 0; round < 10; round++) {
      const buyer = await fundedMember(app, "10.00");
      const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
      const [pay, cancel] = await Promise.all([
        codeOf(buyer.api.order.pay({ orderId: order.id })),
        codeOf(buyer.api.order.cancel({ orderId: order.id })),
      ]);
      const final = await app.db.order.findUniqueOrThrow({ where: { id: order.id } });
      if (final.status === "PAID") expect([pay, cancel]).toEqual(["RESOLVED", "ORDER_NOT_CANCELLABLE"]);
      else expect([final.status, pay, cancel]).toEqual(["CANCELLED", "ORDER_NOT_PAYABLE", "RESOLVED"]);
    }
    await app.assertInvariants();
  }, 60_000);

  it("double pay and double cancel, concurrently, settle once", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 10, price: "4.00" });
    const buyer = await fundedMember(app, "20.00");
    const o1 = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const pays = await Promise.all(Array.from({ length: 10 }, () => buyer.api.order.pay({ orderId: o1.id })));
    expect(pays.every((p) => p.status === "PAID")).toBe(true);
    expect(await app.db.journal.count({ where: { orderId: o1.id, type: "ORDER_SETTLE" } })).toBe(1);
    expect((await merchant.api.merchant.accounts()).find((a) => a.currency === "USD")?.available).toBe("4.00");
    const o2 = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    const cancels = await Promise.all(Array.from({ length: 10 }, () => buyer.api.order.cancel({ orderId: o2.id })));
    expect(cancels.every((c) => c.status === "CANCELLED")).toBe(true);
    expect(await app.db.journal.count({ where: { orderId: o2.id, type: "ORDER_RELEASE" } })).toBe(1);
    await app.assertInvariants();
  });

  it("deposit and withdraw double-submits (concurrent, same key) move money once", async () => {
    const member = await app.user("MEMBER");
    const k = key();
    const deposits = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        member.api.wallet.deposit({ currency: "USD", amount: "50.00", idempotencyKey: k }),
      ),
    );
    const depositIds = new Set(deposits.flatMap((d) => (d.status === "fulfilled" ? [d.value.id] : [])));
    expect(depositIds.size).toBe(1);
    const w = key();
    const withdrawals = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        member.api.wallet.withdraw({ currency: "USD", amount: "20.00", idempotencyKey: w }),
      ),
    );
    expect(new Set(withdrawals.flatMap((d) => (d.status === "fulfilled" ? [d.value.id] : []))).size).toBe(1);
    const usd = (await member.api.wallet.accounts()).find((a) => a.currency === "USD");
    expect(usd).toMatchObject({ available: "30.00", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("concurrent withdrawals cannot overdraw", async () => {
    const member = await fundedMember(app, "100.00");
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        codeOf(member.api.wallet.withdraw({ currency: "USD", amount: "10.00", idempotencyKey: key() })),
      ),
    );
    expect(results.filter((r) => r === "RESOLVED")).toHaveLength(10);
    expect(results.filter((r) => r === "INSUFFICIENT_FUNDS")).toHaveLength(20);
    await app.assertInvariants();
  });
});
