import { fail } from "../errors/index.ts";

/** A line refused by a hold statement (`stockClaimCtes`); codes beyond these are the caller's. */
export interface ClaimRefusal {
  skuId: number;
  code: string;
  stock: number | null;
}

export type ClaimOutcome<R> = { row: R } | { row: R; outOfStock: { skuId: number; available: number } };

/**
 * Runs a hold statement (each run its own transaction) until it settles, the same way for the
 * order placement and the inventory service's Try. A SKU that entered or left flash-sale mode
 * between the statement's read and its lock was locked the wrong way and nothing was written
 * (MODE_CHANGED): the next run reads the new mode. Every bucket that held the quantity was locked
 * (BUCKETS_BUSY): the next run waits for one. No bucket alone held the quantity (BUCKETS_SHORT):
 * the buckets are rebalanced in a transaction of their own (`consolidateBuckets`: all bucket
 * locks, ascending) and the statement runs again; OUT_OF_STOCK only when the sum under those
 * locks is short. Its own transaction, not the hold's: a run may still hold a bucket lock it took
 * out of order (a SKIP LOCKED probe whose bucket had changed), and waiting for all buckets while
 * holding one deadlocked under load.
 */
export async function runWithBucketRetries<R>(
  quantities: ReadonlyMap<number, number>,
  run: (waitForBucket: boolean) => Promise<R>,
  refusalOf: (row: R) => ClaimRefusal | null | undefined,
  rebalance: (skuId: number, quantity: number) => Promise<number | null>,
): Promise<ClaimOutcome<R>> {
  let waitForBucket = false;
  for (let attempt = 0; attempt < 16; attempt++) {
    const row = await run(waitForBucket);
    const refusal = refusalOf(row);
    if (refusal?.code === "BUCKETS_BUSY") waitForBucket = true;
    else if (refusal?.code === "BUCKETS_SHORT") {
      const wanted = quantities.get(refusal.skuId) ?? 0;
      const available = await rebalance(refusal.skuId, wanted);
      if (available !== null && available < wanted) return { row, outOfStock: { skuId: refusal.skuId, available } };
    } else if (refusal?.code !== "MODE_CHANGED") return { row };
  }
  fail("BUSY");
}
