import { DomainError } from "@trade/api/errors";
import { expireDueOrders, isPoisonFailure } from "@trade/api/jobs";
import { dropUnitsLimit, useTestApp } from "@trade/api/testing";
import { describe, expect, it } from "vitest";
import { runOnce } from "../src/job.ts";
import {
  fundedMember,
  makeDue,
  ordersOfBuyers,
  placeOrder,
  stockedSku,
  testJobEnv,
  testLogger,
} from "./support/fixtures.ts";

// This file's own database recreates the state issue 13 describes, which the limits migration
// now refuses: a SKU counter at int4's maximum, so releasing a hold overflows (SQLSTATE 22003).
const app = useTestApp({}, dropUnitsLimit);

/** An UNPAID order whose expiry fails for good: its SKU's stock is at int4's maximum. */
async function poisonOrder() {
  const { sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
  const buyer = await fundedMember(app(), "10.00");
  const order = await placeOrder(buyer, sku.id, 1);
  await app().db.$executeRaw`UPDATE skus SET stock = 2147483647 WHERE id = ${sku.id}`;
  return { buyer, order };
}

describe("a poison order in the expiry sweep", () => {
  it("is set aside with a critical alert while every other due order expires in the same run", async () => {
    const poison = await poisonOrder();
    const { sku } = await stockedSku(app(), { stock: 100, price: "2.00" });
    const ids = await ordersOfBuyers(app(), sku.id, { buyers: 5, orders: 4, funds: "20.00" });
    // The poison order is the oldest due one: the sweep takes it first, every time.
    await makeDue(app(), [poison.order.id], "-1 hour");
    await makeDue(app(), ids);

    const started = performance.now();
    const ok = await runOnce(
      testJobEnv(app(), { EXPIRE_BATCH_SIZE: "7", EXPIRE_CONCURRENCY: "2" }),
      testLogger(),
      "expire",
    );
    const ms = performance.now() - started;
    expect(ok).toBe(true);
    expect(ms).toBeLessThan(10_000);
    console.info(`[expire-poison] ${ids.length} due orders expired past a poison order in ${Math.round(ms)} ms`);
    expect(await app().db.order.count({ where: { id: { in: ids }, status: "EXPIRED" } })).toBe(ids.length);

    const stuck = await app().db.order.findUniqueOrThrow({ where: { id: poison.order.id } });
    expect(stuck.status).toBe("UNPAID");
    expect(stuck.expiryQuarantinedAt).not.toBeNull();
    const alerts = await app().db.riskAlert.findMany({ where: { rule: "expiry_failed" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: "CRITICAL",
      status: "OPEN",
      userId: poison.buyer.id,
      dedupeKey: `expiry_failed:order:${poison.order.id}`,
    });
    expect(alerts[0]?.details).toMatchObject({ orderId: poison.order.id, sqlState: "22003" });
    // Its holds are untouched (the failed release rolled back): the buyer's money is still frozen.
    expect((await poison.buyer.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "9.00",
      frozen: "1.00",
    });

    // Quarantined orders are skipped from then on: later sweeps neither retry it nor alert again.
    const again = await expireDueOrders(app().deps);
    expect(again).toMatchObject({ expired: 0, quarantined: 0 });
    expect(await app().db.riskAlert.count({ where: { rule: "expiry_failed" } })).toBe(1);
  });

  it("counts the quarantined order in the sweep's batch", async () => {
    const poison = await poisonOrder();
    await makeDue(app(), [poison.order.id]);
    const batches: { expired: number; quarantinedIds: number[] }[] = [];
    const result = await expireDueOrders(app().deps, { onBatch: (b) => void batches.push(b) });
    expect(result).toMatchObject({ expired: 0, quarantined: 1 });
    expect(batches).toEqual([expect.objectContaining({ expired: 0, quarantinedIds: [poison.order.id] })]);
  });

  it("only failures a retry cannot fix are poison", () => {
    expect(isPoisonFailure(new DomainError("BUSY"))).toBe(false);
    expect(isPoisonFailure(new Error("connect ECONNREFUSED 127.0.0.1:5432"))).toBe(false);
    expect(isPoisonFailure(new DomainError("INTERNAL"))).toBe(true);
    // A systemic failure (here: a syntax error, as after a bad deploy) must fail the sweep, not
    // set aside every due order one by one.
    const syntax = { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "42601" } } } };
    expect(isPoisonFailure(syntax)).toBe(false);
    const overflow = { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "22003" } } } };
    expect(isPoisonFailure(overflow)).toBe(true);
  });
});
