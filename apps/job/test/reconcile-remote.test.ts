import { createInventoryClient } from "@trade/api/inventory";
import { createTestApp, guardInventory, type TestApp } from "@trade/api/testing";
import { createInventoryDb, type InventoryDb } from "@trade/inventory";
import { startInventoryService, type TestInventory } from "@trade/inventory/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnce } from "../src/job.ts";
import { fundedMember, placeOrder, stockedSku, testJobEnv, testLogger } from "./support/fixtures.ts";

// The job's reconciliation in remote inventory mode: with INVENTORY_DATABASE_URL it also runs
// the inventory service's invariants and compares the units held there with the open orders here.

let service: TestInventory;
let app: TestApp;
let inventory: ReturnType<typeof guardInventory>;
let inventoryDb: InventoryDb;
beforeAll(async () => {
  service = await startInventoryService();
  inventory = guardInventory(createInventoryClient({ urls: [service.url], token: service.token, timeoutMs: 5_000 }), {
    timeoutMs: 5_000,
  });
  app = await createTestApp({ inventory });
  inventoryDb = createInventoryDb(service.databaseUrl, "job-reconcile-test");
});
afterAll(async () => {
  inventory?.close();
  await inventoryDb?.close();
  await app?.close();
  await service?.stop();
});

const reconcileOnce = (env: Record<string, string>) =>
  runOnce(
    testJobEnv(app, { INVENTORY_URL: service.url, SERVICE_TOKEN: service.token, ...env }),
    testLogger(),
    "reconcile",
    {
      deps: { db: app.db, redis: null, inventory },
    },
  );

const alerts = async () =>
  (await app.db.riskAlert.findMany({ where: { rule: "reconciliation" }, orderBy: { id: "asc" } })).map(
    (a) => a.details as { check: string; subject: string },
  );

describe("reconciliation in remote inventory mode", () => {
  it("checks the inventory's stock and its held units against the open orders", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 10, price: "2.00" });
    await inventory.register({ skuId: sku.id, merchantId: merchant.id, stock: 10, actorId: merchant.id });
    const buyer = await fundedMember(app, "50.00");
    const paid = await placeOrder(buyer, sku.id, 2);
    await buyer.api.order.pay({ orderId: paid.id });
    const cancelled = await placeOrder(buyer, sku.id, 1);
    await buyer.api.order.cancel({ orderId: cancelled.id });
    await placeOrder(buyer, sku.id, 3);
    const env = { INVENTORY_DATABASE_URL: service.databaseUrl };

    // Healthy books in both databases: nothing raised (and no false stock_locked finding from
    // the order database's zeroed stock columns, with or without the inventory's database).
    expect(await reconcileOnce(env)).toBe(true);
    expect(await reconcileOnce({})).toBe(true);
    expect(await alerts()).toEqual([]);

    // Units held in the inventory without an order (a hold its fence does not know of).
    await inventoryDb.pool.query("UPDATE skus SET stock = stock - 1, stock_locked = stock_locked + 1 WHERE id = $1", [
      sku.id,
    ]);
    // Without the inventory's database the job cannot see it...
    expect(await reconcileOnce({})).toBe(true);
    expect(await alerts()).toEqual([]);
    // ...with it, both the inventory's own invariant and the cross-check name the SKU.
    expect(await reconcileOnce(env)).toBe(true);
    const found = await alerts();
    expect(found).toContainEqual(expect.objectContaining({ check: "inventory", subject: `sku:${sku.id}` }));
    expect(found).toContainEqual(expect.objectContaining({ check: "held_vs_orders", subject: `sku:${sku.id}` }));
    await inventoryDb.pool.query("UPDATE skus SET stock = stock + 1, stock_locked = stock_locked - 1 WHERE id = $1", [
      sku.id,
    ]);
  });
});
