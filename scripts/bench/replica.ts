/**
 * The `replica` phase (issue 15): the cluster's PostgreSQL pair (scripts/lib/cluster/
 * postgres-pair.ts: PostgreSQL 15 primary + synchronous streaming replica, remote_apply, on the
 * cluster's fixed ports), a bench database on it migrated and seeded like the bench's own (at
 * most REPLICA_DATA_LIMIT members and SKUs), a second web server on it with
 * DATABASE_REPLICA_URL as the cluster sets it, and `order.place` on spread SKUs in alternating
 * turns on three sides: the bench's single server, the pair (every COMMIT waits for the replica
 * to apply it), and the same pair with synchronous_commit = local (ALTER SYSTEM + reload: the
 * same primary, same web and pool, not waiting for the replica). The replica's lag is sampled
 * on the primary during the pair's turns (replica-lag.ts).
 *
 * The web reaches the primary directly, not through the cluster's nginx `stream` endpoint: the
 * figure is the replication's cost alone (the gateway phase measures nginx).
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { info, warn } from "../lib/log.ts";
import { isPortFree } from "../lib/ports.ts";
import { PG_BIN, startPostgresPair, withClient } from "../lib/cluster/postgres-pair.ts";
import { clusterDir, PG_PRIMARY_PORT, PG_REPLICA_PORT, pgUrl } from "../lib/cluster/topology.ts";
import { snapshotStock, verifyAfterLoad, type CheckResult } from "./checks.ts";
import { CpuSampler } from "./cpu.ts";
import { backendPids, createBenchDatabase } from "./database.ts";
import { issueTokens, runMemberLoad } from "./http-load.ts";
import { LagSampler, type LagStats } from "./replica-lag.ts";
import type { PhaseResult } from "./stats.ts";
import { alternateTurns } from "./turns.ts";
import { startWeb } from "./web.ts";
import { LOAD_PASSWORD, loadWorkload, placeBody } from "./workload.ts";

/** The pair's data is capped: seeding 100,000 members through synchronous replication takes long. */
export const REPLICA_DATA_LIMIT = 20_000;
const WARM_UP_SECONDS = 5;
const TURNS = 2;

export interface ReplicaInput {
  members: number;
  skus: number;
  spreadSkus: number;
  connections: number;
  duration: number;
  /** The bench web's environment (the pair's web gets the same, on the pair). */
  webEnv: NodeJS.ProcessEnv;
  /** order.place on the bench database's spread SKUs through the bench's web server. */
  placeSingle: (name: string, prefix: string) => Promise<PhaseResult>;
  key: (prefix: string, member: number) => string;
}

export interface ReplicaResult {
  phases: PhaseResult[];
  /** order.place 2xx/s, mean of two turns each. */
  single: number;
  pair: number;
  pairLocal: number;
  /** The replica's lag during the pair's turns (remote_apply) and its local-commit turns. */
  lag: LagStats;
  lagLocal: LagStats;
  data: { members: number; skus: number; spreadSkus: number };
  checks: CheckResult;
}

/** Why the phase cannot run here (null: it can); ports taken is a refusal, not a skip. */
export async function replicaPreflight(): Promise<string | null> {
  if (!existsSync(path.join(PG_BIN, "postgres"))) return `${PG_BIN} is missing (Debian's postgresql-15)`;
  for (const port of [PG_PRIMARY_PORT, PG_REPLICA_PORT])
    if (!(await isPortFree(port)))
      throw new Error(
        `replica: port ${port} (the cluster's PostgreSQL pair) is in use: is \`npm run cluster\` or \`npm run test:cluster\` running? Stop it or leave out the replica phase`,
      );
  return null;
}

export async function runReplicaPhase(input: ReplicaInput): Promise<ReplicaResult> {
  const pair = await startPostgresPair();
  const adminUrl = pgUrl(PG_PRIMARY_PORT, "postgres");
  try {
    const data = {
      members: Math.min(input.members, REPLICA_DATA_LIMIT),
      skus: Math.min(input.skus, REPLICA_DATA_LIMIT),
      spreadSkus: Math.min(input.spreadSkus, REPLICA_DATA_LIMIT - 2),
    };
    const database = await createBenchDatabase({ adminUrl, source: "pair", stop: async () => undefined }, data);
    const workload = await loadWorkload(database.url, { ...data, connections: input.connections });
    await snapshotStock(database.url);
    const web = await startWeb({
      ...input.webEnv,
      DATABASE_URL: database.url,
      // As the cluster sets it (start-cluster.ts): stale-tolerant reads on the replica.
      DATABASE_REPLICA_URL: pgUrl(PG_REPLICA_PORT, database.name),
      TRUSTED_PROXIES: "127.0.0.1/32",
      // Another Redis database: the two data sets have the same member ids (balance cache keys).
      ...(input.webEnv.REDIS_URL ? { REDIS_URL: otherRedisDb(input.webEnv.REDIS_URL) } : {}),
    });
    try {
      const tokens = await issueTokens(web.url, workload.appMembers, LOAD_PASSWORD);
      const sku = () => workload.spread[Math.floor(Math.random() * workload.spread.length)] ?? workload.hot;
      const placePair = (name: string, prefix: string, seconds?: number) =>
        runMemberLoad({
          name,
          baseUrl: web.url,
          tokens,
          path: "/api/trpc/order.place",
          duration: seconds ?? input.duration,
          body: (m) => placeBody(sku(), input.key(prefix, m)),
          // The primary's backends only (the replica's startup process is in "everything else").
          ...(seconds === undefined
            ? {
                cpu: new CpuSampler({
                  appGroup: web.process.pid,
                  pgBackends: () => backendPids(database.url, database.name),
                }),
              }
            : {}),
        });
      await placePair("warm-up", "rw", WARM_UP_SECONDS);
      const lag = new LagSampler(adminUrl, "replica");
      const lagLocal = new LagSampler(adminUrl, "replica");
      const sampled = async (sampler: LagSampler, run: () => Promise<PhaseResult>) => {
        await sampler.start();
        try {
          return await run();
        } finally {
          await sampler.stop();
        }
      };
      const { phases, mean } = await alternateTurns(
        [
          { key: "single", run: (t) => input.placeSingle(`place spread, single server (${t})`, "rs") },
          {
            key: "pair",
            run: (t) => sampled(lag, () => placePair(`place spread, primary + sync replica (${t})`, "rp")),
          },
          {
            key: "local",
            run: (t) =>
              withCommitLocal(adminUrl, () =>
                sampled(lagLocal, () => placePair(`place spread, pair with commit local (${t})`, "rl")),
              ),
          },
        ],
        TURNS,
      );
      const pairPhases = phases.filter((p) => !p.name.includes("single server"));
      const checks = await verifyAfterLoad(database.url, pairPhases);
      return {
        phases,
        single: mean.single ?? 0,
        pair: mean.pair ?? 0,
        pairLocal: mean.local ?? 0,
        lag: lag.stats(),
        lagLocal: lagLocal.stats(),
        data,
        checks,
      };
    } finally {
      await web.stop();
    }
  } finally {
    await Promise.all([pair.primary.stop(), pair.replica.stop()]);
    // The pair's data is throwaway (the cluster initialises its own afresh on every start).
    rmSync(path.join(clusterDir, "pg"), { recursive: true, force: true });
  }
}

/**
 * Runs `fn` with the primary committing without waiting for the replica. ALTER SYSTEM + reload
 * reaches the web's open sessions too (each applies a reload before its next statement).
 */
async function withCommitLocal<T>(adminUrl: string, fn: () => Promise<T>): Promise<T> {
  const set = async (sql: string, expected: string) => {
    await withClient(adminUrl, async (c) => {
      await c.query(sql);
      await c.query("SELECT pg_reload_conf()");
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await withClient(adminUrl, (c) =>
      c.query<{ v: string }>("SELECT current_setting('synchronous_commit') AS v"),
    );
    if (now.rows[0]?.v !== expected) warn(`replica: synchronous_commit is ${now.rows[0]?.v}, expected ${expected}`);
  };
  await set("ALTER SYSTEM SET synchronous_commit = 'local'", "local");
  try {
    return await fn();
  } finally {
    await set("ALTER SYSTEM RESET synchronous_commit", "remote_apply");
  }
}

function otherRedisDb(url: string): string {
  const parsed = new URL(url);
  const current = Number(parsed.pathname.slice(1) || "0");
  parsed.pathname = `/${current === 1 ? 2 : 1}`;
  return parsed.toString();
}

/** One log line of the phase's figures. */
export const replicaInfo = (r: ReplicaResult) =>
  info(
    `replica: place spread 2xx/s: pair ${r.pair.toFixed(0)}, pair commit local ${r.pairLocal.toFixed(0)}, single ${r.single.toFixed(0)}; replay lag p50 ${r.lag.p50.toFixed(1)} ms, p99 ${r.lag.p99.toFixed(1)} ms, max ${r.lag.max.toFixed(1)} ms`,
  );
