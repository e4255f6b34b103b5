/**
 * What every batched job service accepts: a way to stop between batches (graceful shutdown:
 * the batch in progress always completes) and a hook called after each committed batch
 * (structured logs, metrics, tests). An error thrown by `onBatch` stops the run there, which is
 * also how tests simulate a crash half-way.
 */
export interface BatchControl<B> {
  signal?: AbortSignal;
  onBatch?: (batch: B) => void | Promise<void>;
}

export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
