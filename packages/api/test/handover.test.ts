import { createInventoryClient } from "@trade/api/inventory";
import { checkInventoryInvariants, rawSql } from "@trade/inventory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardInventory, type GuardedInventory } from "../src/coordinator/breaker.ts";
import type { Deps } from "../src/infra/deps.ts";
import { handOverStock } from "../src/inventory/handover.ts";
import { handoverTxId } from "../src/inventory/handover-holds.ts";
import { expireDueOrders } from "../src/ops/expire-orders.ts";
import { cancelOrder } from "../src/order/close.ts";
import { payOrder } from "../src/payment/pay.ts";
import { checkInvariants } from "../src/risk/invariants.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { startInventoryUnderTest, type InventoryUnderTest } from "./support/adapters.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

// The switch of a deployment from in-process to remote inventory with orders still UNPAID: the
// handover carries their held units as TRIED global transactions, and they are paid, cancelled
// and expired through the inventory service afterwards like any order placed remotely.

let app: TestApp;
let service: InventoryUnderTest;
let remote: GuardedInventory;
beforeAll(async () => {
  app = await createTestApp({ policy: { maxOpenOrders: 0, maxHeldUnitsPerSku: 0 } });
  service = await startInventoryUnderTest();
  remote = guardInventory(createInventoryClient({ urls: [service.url], token: service.token, timeoutMs: 10_000 }), {
    timeoutMs: 10_000,
  });
});
afterAll(async () => {
  remote?.close();
  await service?.close();
  await app?.close();
});

const remoteCheck = () => ({
  inventoryDb: rawSql(service.db.pool),
  checkInventory: () => checkInventoryInvariants(service.db),
});
const figures = async (ids: number[]) => {
  const read = await remote.figures(ids);
  return ids.map((id) => {
    const f = read.get(id);
    return f ? [f.stock, f.stockLocked, f.sold] : null;
  });
};
const importer = () => createInventoryClient({ urls: [service.url], token: service.token, timeoutMs: 10_000 });
const logOf = async (orderId: number) =>
  (
    await app.db.$queryRaw<
      { id: string; state: string }[]
    >`SELECT id, state FROM global_transactions WHERE order_id = ${orderId}`
  )[0];

describe("handing over stock with UNPAID orders", () => {
  it("carries their held units; they are then paid, cancelled and expired in remote mode", async () => {
    // In-process mode: three SKUs (the second in flash mode, its units in buckets), five orders.
    const { merchant, sku: a } = await stockedSku(app, { stock: 10, price: "1.00" });
    const { sku: b } = await stockedSku(app, { stock: 10, price: "1.00", merchant });
    const { sku: c } = await stockedSku(app, { stock: 10, price: "1.00", merchant });
    await merchant.api.merchant.skus.setFlashMode({ skuId: b.id, buckets: 4 });
    const buyer = await fundedMember(app, "100.00");
    const place = (items: [number, number][]) =>
      buyer.api.order.place({ items: items.map(([skuId, quantity]) => ({ skuId, quantity })), idempotencyKey: key() });
    const toPay = await place([
      [a.id, 2],
      [c.id, 1],
    ]);
    const toCancel = await place([[a.id, 1]]);
    const toExpire = await place([[b.id, 3]]);
    const paidBefore = await place([[a.id, 1]]);
    await buyer.api.order.pay({ orderId: paidBefore.id });
    const cancelledBefore = await place([[b.id, 2]]);
    await buyer.api.order.cancel({ orderId: cancelledBefore.id });
    expect(await checkInvariants(app.db)).toEqual([]);

    // The switch, two SKUs a chunk: a and b (both holding units) in the first, c in the second,
    // so the order on a and c is handed over in two chunks. The importer is the real client,
    // counted: one import per chunk, never more SKUs than the chunk.
    const imports: number[] = [];
    const client = importer();
    const counted = {
      importStock: (rows: Parameters<typeof client.importStock>[0]) => {
        imports.push(rows.length);
        return client.importStock(rows);
      },
    };
    const moved = await handOverStock(app.db, counted, { chunk: 2 });
    expect(imports).toEqual([2, 1]);
    // Free and held units went over (the sold unit stays in the order database's history).
    expect(moved).toEqual({ skus: 3, units: 6 + 3 + 7 + 3 + 9 + 1, orders: 3 });
    expect(await figures([a.id, b.id, c.id])).toEqual([
      [6, 3, 0],
      [7, 3, 0],
      [9, 1, 0],
    ]);
    const zeroed = await app.db.sku.findMany({ where: { id: { in: [a.id, b.id, c.id] } }, orderBy: { id: "asc" } });
    expect(zeroed.map((s) => [s.stock, s.stockLocked, s.sold, s.flashBuckets])).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    for (const order of [toPay, toCancel, toExpire])
      expect(await logOf(order.id)).toEqual({ id: handoverTxId(order.id), state: "TRIED" });
    expect(await logOf(paidBefore.id)).toBeUndefined();
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);

    // Again (a restart of the cluster): nothing moves twice, no second log row.
    const again = await handOverStock(app.db, importer());
    expect(again).toEqual({ skus: 3, units: 0, orders: 0 });
    expect(await figures([a.id, b.id, c.id])).toEqual([
      [6, 3, 0],
      [7, 3, 0],
      [9, 1, 0],
    ]);

    // Remote mode from here on.
    const deps: Deps = { db: app.db, redis: app.deps.redis, inventory: remote };
    const member = { id: buyer.id, status: "ACTIVE" };
    expect((await payOrder(deps, member, toPay.id)).status).toBe("PAID");
    expect((await cancelOrder(deps, buyer.id, toCancel.id)).status).toBe("CANCELLED");
    await app.db.$executeRaw`UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ${toExpire.id}`;
    expect((await expireDueOrders(deps)).expired).toBe(1);
    expect((await app.db.order.findUniqueOrThrow({ where: { id: toExpire.id } })).status).toBe("EXPIRED");

    expect(await logOf(toPay.id)).toMatchObject({ state: "CONFIRMED" });
    expect(await logOf(toCancel.id)).toMatchObject({ state: "CANCELLED" });
    expect(await logOf(toExpire.id)).toMatchObject({ state: "CANCELLED" });
    // a: 6 free + 1 released, 2 sold; b: 7 free + 3 released; c: 9 free, 1 sold; nothing held.
    expect(await figures([a.id, b.id, c.id])).toEqual([
      [7, 0, 2],
      [10, 0, 0],
      [9, 0, 1],
    ]);
    // The inventory's own invariants (per SKU initial = stock + held + sold) and the order
    // database's (money, settlements; the held cross-check) all hold.
    expect(await checkInventoryInvariants(service.db)).toEqual([]);
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);
    const usd = (await buyer.api.wallet.accounts()).find((x) => x.currency === "USD");
    expect(usd).toMatchObject({ available: "96.00", frozen: "0.00" });

    // A restart of the cluster with an order placed remotely still UNPAID: it is not handed over.
    app.deps.inventory = remote;
    const remoteBuyer = await app.callerFor(buyer.id);
    const placedRemotely = await remoteBuyer.order.place({
      items: [{ skuId: a.id, quantity: 2 }],
      idempotencyKey: key(),
    });
    expect(await handOverStock(app.db, importer())).toMatchObject({ units: 0, orders: 0 });
    expect(await figures([a.id])).toEqual([[5, 2, 2]]);
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);
    await remoteBuyer.order.cancel({ orderId: placedRemotely.id });
    expect(await figures([a.id])).toEqual([[7, 0, 2]]);
    expect(await checkInvariants(app.db, { remote: remoteCheck() })).toEqual([]);
  });
  it("refuses books whose held units are not the UNPAID orders' (nothing is handed over or zeroed)", async () => {
    // A SKU row claiming 2 held units that no open order holds: carried over, the inventory's own
    // invariant (held = its holds) would break. Runs after the switch above (remote mode).
    const { sku } = await stockedSku(app, { stock: 4, price: "1.00" });
    await app.db.$executeRaw`UPDATE skus SET stock = 3, stock_locked = 2 WHERE id = ${sku.id}`;
    const before = await figures([sku.id]);
    try {
      await expect(handOverStock(app.db, importer())).rejects.toThrow(
        `handOverStock: sku ${sku.id} holds 2 units but its UNPAID orders 0`,
      );
      const row = await app.db.sku.findUniqueOrThrow({ where: { id: sku.id } });
      expect([row.stock, row.stockLocked]).toEqual([3, 2]);
      expect(await figures([sku.id])).toEqual(before);
    } finally {
      await app.db.$executeRaw`UPDATE skus SET stock = 0, stock_locked = 0 WHERE id = ${sku.id}`;
    }
  });
});
