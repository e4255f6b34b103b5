import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  // One connection, so the prepared placement statement and the view of it are the same session's.
  app = await createTestApp({ poolSize: 1 });
});
afterAll(async () => {
  await app?.close();
});

describe("the placement statement's plan", () => {
  it("runs on its generic plan from the first execution: never planned again per order", async () => {
    const { sku } = await stockedSku(app, { stock: 100, price: "1.00" });
    const buyer = await fundedMember(app, "100.00");
    for (let i = 0; i < 8; i++)
      await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const plans = await app.db.$queryRaw<{ generic_plans: bigint; custom_plans: bigint }[]>`
      SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%s_seen AS MATERIALIZED%'`;
    // Without PLACEMENT_PLAN_MODE the first five executions are custom plans (and, on some data,
    // every later one: docs/performance.md, "Placement CPU per order").
    expect(plans.map((p) => [Number(p.generic_plans), Number(p.custom_plans)])).toEqual([[8, 0]]);
  });
});
