import type { Deps } from "../infra/deps.ts";
import { expireNextDueOrder } from "../order/close.ts";
import { elapsedMs, type BatchControl } from "./batch-control.ts";

export interface ExpireBatch {
  expired: number;
  orderIds: number[];
  /** Poison orders set aside in this batch (quarantined with a risk alert, never retried). */
  quarantinedIds: number[];
  ms: number;
}

export interface ExpireResult {
  expired: number;
  quarantined: number;
  batches: number;
  ms: number;
}

export interface ExpireOptions extends BatchControl<ExpireBatch> {
  /** Orders per batch (one log line each). */
  batchSize?: number;
  /** Orders expired at once by this process; SKIP LOCKED keeps them disjoint. */
  concurrency?: number;
}

/**
 * Expires every UNPAID order past its due time, returning both holds. The money and stock logic
 * is the order service's own `expireNextDueOrder` (one order per short transaction, claimed with
 * FOR UPDATE SKIP LOCKED), so any number of job instances and workers can run this at once and
 * each order is expired exactly once. Runs batch after batch until nothing is due. A poison
 * order (its release fails for good) is quarantined by `expireNextDueOrder` and counted, not
 * thrown: one bad order must not stop every other due order from expiring.
 */
export async function expireDueOrders(deps: Deps, options: ExpireOptions = {}): Promise<ExpireResult> {
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const concurrency = Math.min(batchSize, Math.max(1, options.concurrency ?? 1));
  const startedAt = performance.now();
  let expired = 0;
  let quarantined = 0;
  let batches = 0;

  while (!options.signal?.aborted) {
    const batchStartedAt = performance.now();
    const orderIds: number[] = [];
    const quarantinedIds: number[] = [];
    let claimed = 0;
    let drained = false;
    const worker = async () => {
      while (!drained && claimed < batchSize) {
        claimed++;
        const order = await expireNextDueOrder(deps);
        if (!order) {
          drained = true;
          return;
        }
        (order.quarantined ? quarantinedIds : orderIds).push(order.id);
      }
    };
    // Every worker finishes its current order before an error is reported.
    const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    expired += orderIds.length;
    quarantined += quarantinedIds.length;
    if (orderIds.length + quarantinedIds.length > 0) {
      batches++;
      await options.onBatch?.({ expired: orderIds.length, orderIds, quarantinedIds, ms: elapsedMs(batchStartedAt) });
    }
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) throw failure.reason;
    if (drained) break;
  }
  return { expired, quarantined, batches, ms: elapsedMs(startedAt) };
}
