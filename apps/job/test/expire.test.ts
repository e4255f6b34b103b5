import { expireDueOrders } from "@trade/api/jobs";
import { createTestApp, type TestApp } from "@trade/api/testing";
import { createDb } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnce } from "../src/job.ts";
import { fundedMember, makeDue, placeOrder, stockedSku, testJobEnv, testLogger } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function journalsPerOrder(orderIds: number[]) {
  const rows = await app.db.journal.groupBy({
    by: ["orderId", "type"],
    where: { orderId: { in: orderIds } },
    _count: { _all: true },
  });
  return rows;
}

describe("expired-order rollback", () => {
  it("expires orders past due, returns both holds, leaves the others alone", async () => {
    const { sku } = await stockedSku(app, { stock: 10, price: "10.00" });
    const buyers = await Promise.all([1, 2, 3, 4].map(() => fundedMember(app, "50.00")));
    const orders = [];
    for (const buyer of buyers) orders.push(await placeOrder(buyer, sku.id, 2));
    const due = orders.slice(0, 3).map((o) => o.id);
    await makeDue(app, due);

    const batches: number[] = [];
    const result = await expireDueOrders(app.deps, { batchSize: 2, onBatch: (b) => void batches.push(b.expired) });
    expect(result.expired).toBe(3);
    expect(batches).toEqual([2, 1]);

    const statuses = await app.db.order.findMany({
      where: { id: { in: orders.map((o) => o.id) } },
      orderBy: { id: "asc" },
      select: { id: true, status: true, expiredAt: true },
    });
    expect(statuses.map((s) => s.status)).toEqual(["EXPIRED", "EXPIRED", "EXPIRED", "UNPAID"]);
    for (const buyer of buyers.slice(0, 3)) {
      const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
      expect(usd).toMatchObject({ available: "50.00", frozen: "0.00" });
    }
    const last = (await buyers[3]!.api.wallet.accounts()).find((a) => a.currency === "USD");
    expect(last).toMatchObject({ available: "30.00", frozen: "20.00" });
    const s = await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } });
    expect([s.stock, s.stockLocked, s.sold]).toEqual([8, 2, 0]);

    // Nothing more is due: a second sweep is a no-op.
    expect((await expireDueOrders(app.deps)).expired).toBe(0);
    await app.assertInvariants();
  });

  it("two instances with separate database clients expire each order exactly once", async () => {
    const { sku } = await stockedSku(app, { stock: 500, price: "1.00" });
    const buyers = await Promise.all(Array.from({ length: 8 }, () => fundedMember(app, "100.00")));
    const ids: number[] = [];
    for (const buyer of buyers) for (let i = 0; i < 10; i++) ids.push((await placeOrder(buyer, sku.id, 1)).id);
    await makeDue(app, ids);

    const other = createDb({ url: app.url, DB_POOL_SIZE: 8, applicationName: "job-instance-b" });
    try {
      const seen: number[][] = [[], []];
      const [a, b] = await Promise.all([
        expireDueOrders(app.deps, { batchSize: 7, concurrency: 4, onBatch: (x) => void seen[0]!.push(...x.orderIds) }),
        expireDueOrders(
          { db: other, redis: null },
          { batchSize: 7, concurrency: 4, onBatch: (x) => void seen[1]!.push(...x.orderIds) },
        ),
      ]);
      expect(a.expired + b.expired).toBe(ids.length);
      const all = [...seen[0]!, ...seen[1]!].sort((x, y) => x - y);
      expect(all).toEqual([...ids].sort((x, y) => x - y));
      // Both really worked (the race is not won by one side before the other starts).
      console.info(`[expire] instance A expired ${a.expired}, instance B expired ${b.expired}`);
    } finally {
      await other.$disconnect();
    }
    const journals = await journalsPerOrder(ids);
    const releases = journals.filter((j) => j.type === "ORDER_RELEASE");
    expect(releases).toHaveLength(ids.length);
    expect(releases.every((j) => j._count._all === 1)).toBe(true);
    expect(await app.db.order.count({ where: { id: { in: ids }, status: "EXPIRED" } })).toBe(ids.length);
    const s = await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } });
    expect([s.stock, s.stockLocked]).toEqual([500, 0]);
    await app.assertInvariants();
  });

  it("two one-shot job runs (each with its own pool) share the work without overlap", async () => {
    const { sku } = await stockedSku(app, { stock: 100, price: "2.00" });
    const buyers = await Promise.all(Array.from({ length: 5 }, () => fundedMember(app, "100.00")));
    const ids: number[] = [];
    for (const buyer of buyers) for (let i = 0; i < 6; i++) ids.push((await placeOrder(buyer, sku.id, 1)).id);
    await makeDue(app, ids);
    const env = testJobEnv(app, { EXPIRE_CONCURRENCY: "3", EXPIRE_BATCH_SIZE: "5" });
    const [x, y] = await Promise.all([runOnce(env, testLogger(), "expire"), runOnce(env, testLogger(), "expire")]);
    expect([x, y]).toEqual([true, true]);
    expect(await app.db.order.count({ where: { id: { in: ids }, status: "EXPIRED" } })).toBe(ids.length);
    const releases = (await journalsPerOrder(ids)).filter((j) => j.type === "ORDER_RELEASE");
    expect(releases.map((j) => j._count._all)).toEqual(ids.map(() => 1));
    await app.assertInvariants();
  });

  it("a pay racing the expiry: exactly one wins for every order", async () => {
    const { sku } = await stockedSku(app, { stock: 100, price: "3.00" });
    const buyers = await Promise.all(Array.from({ length: 24 }, () => fundedMember(app, "10.00")));
    const orders = [];
    for (const buyer of buyers) orders.push({ buyer, order: await placeOrder(buyer, sku.id, 1) });
    const ids = orders.map((o) => o.order.id);
    // All due in 400 ms; pays are fired around that moment while two sweepers poll hard.
    await makeDue(app, ids, "400 milliseconds");
    const other = createDb({ url: app.url, DB_POOL_SIZE: 8 });
    let sweeping = true;
    const sweep = async (deps: Parameters<typeof expireDueOrders>[0]) => {
      let n = 0;
      while (sweeping) n += (await expireDueOrders(deps, { concurrency: 2 })).expired;
      return n;
    };
    try {
      const sweepers = [sweep(app.deps), sweep({ db: other, redis: null })];
      const pays = orders.map(({ buyer, order }, i) =>
        new Promise((r) => setTimeout(r, 330 + i * 6)).then(() =>
          buyer.api.order.pay({ orderId: order.id }).then(
            (o) => ({ id: order.id, paid: o.status === "PAID", error: null as string | null }),
            (e: { cause?: { code?: string } }) => ({
              id: order.id,
              paid: false,
              error: e.cause?.code ?? "no domain code",
            }),
          ),
        ),
      );
      const payResults = await Promise.all(pays);
      await new Promise((r) => setTimeout(r, 600));
      sweeping = false;
      const expiredCount = (await Promise.all(sweepers)).reduce((a, b) => a + b, 0);

      const final = new Map(
        (await app.db.order.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } })).map((o) => [
          o.id,
          o.status,
        ]),
      );
      const journals = await journalsPerOrder(ids);
      const count = (id: number, type: string) =>
        journals.find((j) => j.orderId === id && j.type === type)?._count._all ?? 0;
      for (const r of payResults) {
        if (r.paid) {
          expect(final.get(r.id)).toBe("PAID");
          expect([count(r.id, "ORDER_SETTLE"), count(r.id, "ORDER_RELEASE")]).toEqual([1, 0]);
        } else {
          expect(r.error).toBe("ORDER_EXPIRED");
          expect(final.get(r.id)).toBe("EXPIRED");
          expect([count(r.id, "ORDER_SETTLE"), count(r.id, "ORDER_RELEASE")]).toEqual([0, 1]);
        }
      }
      const paid = payResults.filter((r) => r.paid).length;
      expect(paid + expiredCount).toBe(ids.length);
      console.info(`[pay vs expire] ${paid} paid first, ${expiredCount} expired first`);
    } finally {
      sweeping = false;
      await other.$disconnect();
    }
    await app.assertInvariants();
  });
});
