/**
 * The replica's lag while a load runs, sampled on the primary every 100 ms from
 * pg_stat_replication: `replay_lag` (from the primary flushing WAL to the standby reporting it
 * applied: with synchronous_commit = remote_apply, the wait every COMMIT pays) and the WAL bytes
 * written on the primary and not yet replayed. PostgreSQL shows NULL lag once the standby has
 * caught up and no WAL flows; such samples are counted as idle, not as 0 ms.
 */
import pg from "pg";

const INTERVAL_MS = 100;

export interface LagStats {
  samples: number;
  /** Samples with no lag figure (nothing in flight). */
  idle: number;
  p50: number;
  p99: number;
  max: number;
  /** Most WAL bytes the replay was behind the primary's current position. */
  maxBytesBehind: number;
}

const SAMPLE_SQL = `SELECT (extract(epoch FROM replay_lag) * 1000)::float8 AS replay_ms,
       pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 AS behind
  FROM pg_stat_replication WHERE application_name = $1`;

export class LagSampler {
  private lags: number[] = [];
  private behind: number[] = [];
  private idle = 0;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly primaryUrl: string,
    private readonly standby: string,
  ) {}

  /** Starts sampling; resolves once connected (a sampler that cannot connect fails here). */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.primaryUrl, application_name: "trade-bench-lag" });
    client.on("error", () => undefined);
    await client.connect();
    this.stopping = false;
    this.running = (async () => {
      try {
        while (!this.stopping) {
          const tick = performance.now();
          const row = (
            await client.query<{ replay_ms: number | null; behind: number | null }>(SAMPLE_SQL, [this.standby])
          ).rows[0];
          if (!row) throw new Error(`no standby "${this.standby}" in pg_stat_replication`);
          if (row.replay_ms === null) this.idle++;
          else this.lags.push(row.replay_ms);
          if (row.behind !== null) this.behind.push(row.behind);
          await sleep(Math.max(0, INTERVAL_MS - (performance.now() - tick)));
        }
      } finally {
        await client.end().catch(() => undefined);
      }
    })();
  }

  /** Stops sampling; returns the figures of every window since the sampler was made. */
  async stop(): Promise<LagStats> {
    this.stopping = true;
    await this.running;
    this.running = null;
    return this.stats();
  }

  stats(): LagStats {
    const sorted = Float64Array.from(this.lags).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
    return {
      samples: this.lags.length + this.idle,
      idle: this.idle,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? 0) : 0,
      maxBytesBehind: this.behind.reduce((a, b) => Math.max(a, b), 0),
    };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
