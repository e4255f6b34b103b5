/** Latency and outcome bookkeeping shared by the HTTP and raw SQL load phases. */

export interface PhaseResult {
  name: string;
  /** Requests (or transactions) completed, successful or not. */
  completed: number;
  /** 2xx responses (raw: committed transactions). */
  ok: number;
  /** Completed per second over the measured window. */
  throughput: number;
  /** Successful per second over the measured window. */
  okThroughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  durationS: number;
  connections: number;
  /** `status domainCode` -> count for every non-2xx response (raw: error SQLSTATE -> count). */
  failures: Record<string, number>;
  /** HTTP 5xx responses. */
  serverErrors: number;
  /** Socket errors and timeouts (no response at all). */
  transportErrors: number;
  /** CPU used during the phase, when sampled. */
  cpu?: CpuShare;
}

export interface CpuShare {
  /** CPU seconds per component over the phase. */
  seconds: Record<string, number>;
  /** Wall-clock seconds of the sample window. */
  wallS: number;
  /** Machine cores (the budget is cores x wall). */
  cores: number;
}

/** Collects latencies (ms) and outcomes; percentiles are exact (sorted samples). */
export class Recorder {
  private latencies: number[] = [];
  private failuresByKey = new Map<string, number>();
  ok = 0;
  serverErrors = 0;
  transportErrors = 0;
  private startedAt = 0;
  private endedAt = 0;

  start(): void {
    this.startedAt = performance.now();
  }

  stop(): void {
    this.endedAt = performance.now();
  }

  record(latencyMs: number, ok: boolean): void {
    this.latencies.push(latencyMs);
    if (ok) this.ok++;
  }

  fail(key: string): void {
    this.failuresByKey.set(key, (this.failuresByKey.get(key) ?? 0) + 1);
  }

  result(name: string, connections: number): PhaseResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const durationS = Math.max(0.001, ((this.endedAt || performance.now()) - this.startedAt) / 1000);
    return {
      name,
      completed: sorted.length,
      ok: this.ok,
      throughput: sorted.length / durationS,
      okThroughput: this.ok / durationS,
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? 0) : 0,
      durationS,
      connections,
      failures: Object.fromEntries([...this.failuresByKey.entries()].sort(([, a], [, b]) => b - a)),
      serverErrors: this.serverErrors,
      transportErrors: this.transportErrors,
    };
  }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/** A figure for the report: fixed digits, "-" where nothing was measured. */
export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : "-");
