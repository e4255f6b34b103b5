/**
 * The flash phase (issue 17): the hot SKU in flash-sale mode, order.place by the same clients
 * as the hot phase, once per bucket count of `--buckets`. The SKU is switched through the
 * merchant's own service (`setFlashMode`, as the admin's control does), and back to normal mode
 * at the end, which folds its buckets into the SKU row with the held units intact: the checks
 * after the load then cover the fold too.
 */
import { createDb } from "@trade/db";
import { setFlashMode } from "../../packages/api/src/inventory/flash-mode.ts";
import type { PhaseResult } from "./stats.ts";
import type { BenchSku } from "./workload.ts";

export function flashPhaseName(buckets: number, raw = false): string {
  return `${raw ? "raw" : "place"} flash SKU, ${buckets} bucket${buckets === 1 ? "" : "s"}`;
}

export async function runFlashPhases(
  url: string,
  sku: BenchSku,
  bucketCounts: number[],
  /** The phases of one bucket count (order.place, and the raw statement when the raw phases run). */
  load: (buckets: number) => Promise<PhaseResult[]>,
): Promise<PhaseResult[]> {
  const db = createDb({ url, DB_POOL_SIZE: 1 });
  const results: PhaseResult[] = [];
  try {
    for (const buckets of bucketCounts) {
      await setFlashMode(db, sku.merchantId, sku.id, buckets);
      results.push(...(await load(buckets)));
    }
  } finally {
    await setFlashMode(db, sku.merchantId, sku.id, 0);
    await db.$disconnect();
  }
  return results;
}
