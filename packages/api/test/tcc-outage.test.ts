import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GuardedInventory } from "../src/coordinator/breaker.ts";
import { recoverGlobalTransactions } from "../src/coordinator/recovery.ts";
import { createAdapterApp, jobInventory, stockOf, type AdapterApp } from "./support/adapters.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

// An inventory outage against the real service (its own database, real HTTP): the coordinator's
// breaker opens after a few failed calls, and from then on placements are refused fast, before
// anything is written or held anywhere.

let app: AdapterApp;
/** The job's own client and breaker (the recovery runs in another process in production). */
let job: GuardedInventory;
beforeAll(async () => {
  // Calls time out after 400 ms; 3 failures in the window open the breaker for 1 s.
  app = await createAdapterApp("remote", { breaker: { timeoutMs: 400, resetMs: 1_000, volumeThreshold: 3 } });
  job = jobInventory(app.service!);
});
afterAll(async () => {
  job?.close();
  await app?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const logRows = async () =>
  Number((await app.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM global_transactions`)[0]?.n ?? 0);

/** Runs the recovery (as the job does) until nothing is unfinished. */
async function recoverAll(timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    await recoverGlobalTransactions(app.db, job);
    const [left] = await app.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM global_transactions WHERE state IN ('TRYING', 'CONFIRMING', 'CANCELLING')`;
    if (Number(left?.n ?? 0) === 0) return;
    await sleep(100);
  }
  throw new Error(`global transactions still unfinished after ${timeoutMs} ms`);
}

beforeEach(async () => {
  // A previous test's outage: its breaker closes again after a probe passes.
  for (let i = 0; i < 50 && app.remote!.breakerState() === "open"; i++) await sleep(100);
});

describe("an inventory outage", () => {
  it("answers are lost: the breaker opens, placements answer INVENTORY_UNAVAILABLE fast, nothing stays held", async () => {
    const { sku } = await stockedSku(app, { stock: 10, price: "1.00" });
    const buyer = await fundedMember(app, "20.00");
    const place = () => buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    // The service runs every Try, but its answers are lost: the coordinator times out (400 ms).
    app.service!.hop.mode = "blackhole";
    const slow: number[] = [];
    const fast: number[] = [];
    try {
      // Each failed Try, and the Cancel after it, counts: open after at most 3 failed calls.
      while (app.remote!.breakerState() !== "open" && slow.length < 5) {
        const started = Date.now();
        expect(await codeOf(place())).toBe("INVENTORY_UNAVAILABLE");
        slow.push(Date.now() - started);
      }
      expect(app.remote!.breakerState()).toBe("open");
      expect(slow.length).toBeLessThanOrEqual(2);
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        expect(await codeOf(place())).toBe("INVENTORY_UNAVAILABLE");
        fast.push(Date.now() - started);
      }
    } finally {
      app.service!.hop.mode = "pass";
    }
    // Not a speed claim (that is the bench's): a refusal that waited for the service waited out
    // its 400 ms timeout; one refused by the open breaker did not call it at all.
    expect(slow[0]).toBeGreaterThanOrEqual(350);
    expect(Math.max(...fast)).toBeLessThan(350);
    expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
    const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
    expect(usd).toMatchObject({ available: "20.00", frozen: "0.00" });
    // The Trys that did run hold units until their Cancel gets through: the log drives it.
    await recoverAll();
    expect(await stockOf(app, sku.id)).toEqual([10, 0, 0]);
    const states = await app.db.$queryRaw<{ state: string; n: bigint }[]>`
      SELECT state, count(*) AS n FROM global_transactions WHERE buyer_id = ${buyer.id} GROUP BY state`;
    // Only the placements that reached the service have a log row: the fast refusals wrote none.
    expect(states.map((s) => [s.state, Number(s.n)])).toEqual([["CANCELLED", slow.length]]);
    await app.assertInvariants();
  });

  it("the service is stopped: once the breaker is open, N refused placements write no log row and hold nothing", async () => {
    const { sku } = await stockedSku(app, { stock: 10, price: "1.00" });
    const buyer = await fundedMember(app, "20.00");
    const place = () => buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await app.service!.stop();
    try {
      // Connection refused: each failed Try and its Cancel count, until the breaker opens.
      for (let i = 0; i < 5 && app.remote!.breakerState() !== "open"; i++)
        expect(await codeOf(place())).toBe("INVENTORY_UNAVAILABLE");
      expect(app.remote!.breakerState()).toBe("open");
      const rowsBefore = await logRows();
      const n = 20;
      const started = Date.now();
      const codes = await Promise.all(Array.from({ length: n }, () => codeOf(place())));
      expect(codes).toEqual(Array.from({ length: n }, () => "INVENTORY_UNAVAILABLE"));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(app.remote!.breakerState()).toBe("open");
      expect(await logRows()).toBe(rowsBefore);
    } finally {
      await app.service!.start();
    }
    expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
    const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
    expect(usd).toMatchObject({ available: "20.00", frozen: "0.00" });
    // The attempts before the breaker opened: their Cancels are driven once the service is back.
    await recoverAll();
    expect(await stockOf(app, sku.id)).toEqual([10, 0, 0]);
    const [held] = (
      await app.service!.db.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM stock_holds WHERE sku_id = $1", [
        sku.id,
      ])
    ).rows;
    expect(Number(held?.n)).toBe(0);
    await app.assertInvariants();
  });
});
