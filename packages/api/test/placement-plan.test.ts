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

/** Sequential scans per table so far, this connection's own included (flushed first). */
async function seqScans(): Promise<Map<string, number>> {
  // Statistics reach the shared view when a backend goes idle, at most once a second unless forced.
  await app.db.$executeRaw`SELECT pg_stat_force_next_flush()`;
  const rows = await app.db.$queryRaw<{ relname: string; seq_scan: bigint }[]>`
    SELECT relname, seq_scan FROM pg_stat_user_tables`;
  return new Map(rows.map((r) => [r.relname, Number(r.seq_scan)]));
}

describe("the placement statement's plan", () => {
  it("keeps to the indexes when its generic plan was made on empty tables (a new shop, a fresh seed)", async () => {
    const { sku } = await stockedSku(app, { stock: 100, price: "1.00" });
    const buyer = await fundedMember(app, "100.00");
    // Statistics that say `orders`, `order_items` and the buckets are empty, as after a seed:
    // the plan made now, at the first placement, is the one every later placement runs.
    await app.db.$executeRawUnsafe("ANALYZE");
    await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const before = await seqScans();
    for (let i = 0; i < 6; i++)
      await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const after = await seqScans();
    // `users` aside: the session's lookup of the caller is planned per request (Prisma, unnamed
    // statements), so today's statistics apply, and on this test's few users a scan is right.
    const scanned = [...after]
      .filter(([table, n]) => table !== "users" && n > (before.get(table) ?? 0))
      .map(([table]) => table);
    // Without `enable_seqscan = off` nine tables were scanned on every placement (`orders` for
    // the idempotency key among them), for as long as the connection lived.
    expect(scanned).toEqual([]);
  });

  it("runs on its generic plan from the first execution: never planned again per order", async () => {
    const { sku } = await stockedSku(app, { stock: 100, price: "1.00" });
    const buyer = await fundedMember(app, "100.00");
    const plans = async () =>
      (
        await app.db.$queryRaw<{ generic_plans: bigint; custom_plans: bigint }[]>`
          SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%s_seen AS MATERIALIZED%'`
      ).map((p) => [Number(p.generic_plans), Number(p.custom_plans)]);
    const before = await plans();
    for (let i = 0; i < 8; i++)
      await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    // Without PLACEMENT_PLAN_MODE the first five executions are custom plans (and, on some data,
    // every later one: docs/performance.md, "Placement CPU per order").
    const [[generic = 0, custom = 0] = []] = before;
    expect(await plans()).toEqual([[generic + 8, custom]]);
    expect(custom).toBe(0);
  });
});
