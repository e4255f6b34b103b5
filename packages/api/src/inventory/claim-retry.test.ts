import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.ts";
import { runWithBucketRetries, type ClaimRefusal } from "./claim-retry.ts";

// The retry loop of a flash-sale hold, driven with scripted statement answers: the statement and
// the rebalance are SQL (tested against PostgreSQL in flash-sale.test.ts), but which answer
// makes the loop wait, rebalance, run again, refuse or give up is decided here, and under load
// the integration tests reach each branch only by chance.
type Row = { n: number; refusal: ClaimRefusal | null };

function script(refusals: (ClaimRefusal | null)[], rebalanceAnswers: (number | null)[] = []) {
  const waits: boolean[] = [];
  const rebalances: [number, number][] = [];
  let run = 0;
  const loop = runWithBucketRetries<Row>(
    new Map([
      [7, 5],
      [8, 2],
    ]),
    async (waitForBucket) => {
      waits.push(waitForBucket);
      const n = run++;
      return { n, refusal: refusals[Math.min(n, refusals.length - 1)] ?? null };
    },
    (row) => row.refusal,
    async (skuId, quantity) => {
      rebalances.push([skuId, quantity]);
      return rebalanceAnswers.shift() ?? null;
    },
  );
  return { loop, waits, rebalances };
}

const refusal = (code: string, skuId = 7): ClaimRefusal => ({ skuId, code, stock: null });

describe("runWithBucketRetries", () => {
  it("a statement that holds (or refuses for a reason of its own) is answered at once", async () => {
    const held = script([null]);
    expect(await held.loop).toEqual({ row: { n: 0, refusal: null } });
    expect(held.waits).toEqual([false]);
    const refused = script([refusal("OUT_OF_STOCK")]);
    expect(await refused.loop).toEqual({ row: { n: 0, refusal: refusal("OUT_OF_STOCK") } });
    expect(refused.rebalances).toEqual([]);
  });

  it("BUCKETS_BUSY: the next run waits for a bucket, and so does every run after it", async () => {
    const s = script([refusal("BUCKETS_BUSY"), refusal("MODE_CHANGED"), null]);
    expect(await s.loop).toEqual({ row: { n: 2, refusal: null } });
    expect(s.waits).toEqual([false, true, true]);
  });

  it("MODE_CHANGED: the statement runs again without waiting", async () => {
    const s = script([refusal("MODE_CHANGED"), refusal("MODE_CHANGED"), null]);
    expect((await s.loop).row.n).toBe(2);
    expect(s.waits).toEqual([false, false, false]);
  });

  it("BUCKETS_SHORT: rebalances that SKU for its own quantity; a short sum is OUT_OF_STOCK with what is left", async () => {
    const s = script([refusal("BUCKETS_SHORT", 8)], [1]);
    expect(await s.loop).toEqual({
      row: { n: 0, refusal: refusal("BUCKETS_SHORT", 8) },
      outOfStock: { skuId: 8, available: 1 },
    });
    expect(s.rebalances).toEqual([[8, 2]]);
  });

  it("BUCKETS_SHORT: a sum that covers the quantity, or a SKU that left flash mode, runs the statement again", async () => {
    // Exactly the quantity is enough; null (left flash mode) is not a refusal.
    const s = script([refusal("BUCKETS_SHORT"), refusal("BUCKETS_SHORT"), null], [5, null]);
    expect(await s.loop).toEqual({ row: { n: 2, refusal: null } });
    expect(s.rebalances).toEqual([
      [7, 5],
      [7, 5],
    ]);
    expect(s.waits).toEqual([false, false, false]);
  });

  it("a SKU the caller did not ask for is rebalanced for zero units, never refused", async () => {
    const s = script([refusal("BUCKETS_SHORT", 99), null], [0]);
    expect(await s.loop).toEqual({ row: { n: 1, refusal: null } });
    expect(s.rebalances).toEqual([[99, 0]]);
  });

  it("gives up after exactly 16 runs with BUSY, whichever code kept it going", async () => {
    for (const code of ["BUCKETS_BUSY", "MODE_CHANGED", "BUCKETS_SHORT"]) {
      const s = script(
        [refusal(code)],
        Array.from({ length: 20 }, () => 5),
      );
      await expect(s.loop).rejects.toBeInstanceOf(DomainError);
      await expect(s.loop).rejects.toMatchObject({ code: "BUSY" });
      expect(s.waits).toHaveLength(16);
    }
  });

  it("an answer on the 16th run still counts", async () => {
    const refusals = [...Array.from({ length: 15 }, () => refusal("MODE_CHANGED")), null];
    const s = script(refusals);
    expect(await s.loop).toEqual({ row: { n: 15, refusal: null } });
  });
});
