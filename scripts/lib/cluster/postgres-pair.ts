import { execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, chownSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { info } from "../log.ts";
import { runStep, spawnManaged, type ManagedProcess } from "../processes.ts";
import { clusterDir, PG_DATABASE, PG_PRIMARY_PORT, PG_REPLICA_PORT, pgUrl } from "./topology.ts";

/**
 * PostgreSQL 15 (Debian's binaries) as a primary and one synchronous streaming replica.
 * `synchronous_commit = remote_apply`: a COMMIT returns only once the replica has applied it, so
 * (1) a promoted replica has every acknowledged transaction and (2) a read on the replica right
 * after one's own acknowledged write sees it (read-your-writes while the standby is in sync).
 * The price is a round trip to the replica in every commit. Both start fresh on every run.
 */
export const PG_BIN = "/usr/lib/postgresql/15/bin";
const pgDir = path.join(clusterDir, "pg");
const socketDir = path.join(pgDir, "run");
const primaryDir = path.join(pgDir, "primary");
const replicaDir = path.join(pgDir, "replica");

export interface PostgresPair {
  primary: ManagedProcess;
  replica: ManagedProcess;
}

/** PostgreSQL refuses to run as root: as root, every server command runs as `postgres`. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

async function pgStep(name: string, command: string, args: string[]): Promise<void> {
  const [cmd, argv] = asPostgres(path.join(PG_BIN, command), args);
  const code = await runStep(name, cmd, argv, { cwd: pgDir, env: { ...process.env, LC_ALL: "C.UTF-8" } });
  if (code !== 0) throw new Error(`${command} failed (exit code ${code})`);
}

function startServer(name: string, dataDir: string): ManagedProcess {
  const [cmd, argv] = asPostgres(path.join(PG_BIN, "postgres"), ["-D", dataDir]);
  // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.
  return spawnManaged(name, cmd, argv, { cwd: pgDir, env: process.env, stopSignal: "SIGINT" });
}

const common = (port: number, name: string) => `
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${socketDir}'
cluster_name = '${name}'
max_connections = 200
shared_buffers = 128MB
fsync = on
wal_level = replica
max_wal_senders = 5
hot_standby = on
hot_standby_feedback = on
wal_keep_size = 256MB
log_min_messages = warning
log_checkpoints = off
log_parameter_max_length_on_error = 200
log_line_prefix = '%m [%p] '
`;

export async function startPostgresPair(): Promise<PostgresPair> {
  rmSync(pgDir, { recursive: true, force: true });
  mkdirSync(socketDir, { recursive: true });
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    for (const dir of [pgDir, socketDir]) chownSync(dir, uid, gid);
  }
  chmodSync(pgDir, 0o755);
  const startedAt = performance.now();
  await pgStep("initdb", "initdb", [
    "-D",
    primaryDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-instructions",
  ]);
  appendFileSync(
    primaryDir + "/postgresql.conf",
    common(PG_PRIMARY_PORT, "primary") +
      `synchronous_standby_names = 'FIRST 1 (replica)'\nsynchronous_commit = remote_apply\n`,
  );
  const primary = startServer("pg-primary", primaryDir);
  await waitForPostgres(PG_PRIMARY_PORT, 30_000);
  await withClient(pgUrl(PG_PRIMARY_PORT, "postgres"), (c) => c.query(`CREATE DATABASE ${PG_DATABASE}`), {
    // The replica does not exist yet: this one statement must not wait for it.
    syncOff: true,
  });

  await pgStep("basebackup", "pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(PG_PRIMARY_PORT),
    "-U",
    "postgres",
    "-D",
    replicaDir,
    "-R",
    "-X",
    "stream",
    "--checkpoint=fast", // the default (spread) waits for a paced checkpoint: minutes
  ]);
  // The replica's copy of the configuration: its own port and name, and no synchronous standby
  // of its own (after a promotion it must not wait for a standby that does not exist).
  appendFileSync(
    replicaDir + "/postgresql.conf",
    common(PG_REPLICA_PORT, "replica") + `synchronous_standby_names = ''\nsynchronous_commit = on\n`,
  );
  const replica = startServer("pg-replica", replicaDir);
  await waitForPostgres(PG_REPLICA_PORT, 30_000);
  await waitForSyncStandby(30_000);
  info(
    `PostgreSQL 15: primary :${PG_PRIMARY_PORT}, synchronous replica :${PG_REPLICA_PORT} (remote_apply), ` +
      `ready in ${Math.round(performance.now() - startedAt)} ms`,
  );
  return { primary, replica };
}

/** Promotes the replica (after the primary died); returns once it accepts writes. */
export async function promoteReplica(): Promise<void> {
  await withClient(pgUrl(PG_REPLICA_PORT, "postgres"), (c) => c.query("SELECT pg_promote(true, 30)"));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await withClient(pgUrl(PG_REPLICA_PORT, "postgres"), (c) =>
      c.query<{ r: boolean }>("SELECT pg_is_in_recovery() AS r"),
    );
    if (rows.rows[0]?.r === false) return;
    if (Date.now() > deadline) throw new Error("the replica did not leave recovery within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForSyncStandby(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await withClient(pgUrl(PG_PRIMARY_PORT, "postgres"), (c) =>
      c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_replication WHERE sync_state = 'sync'"),
    );
    if ((result.rows[0]?.n ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error("the replica did not become a synchronous standby");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function waitForPostgres(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await withClient(pgUrl(port, "postgres"), (c) => c.query("SELECT 1"));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function withClient<T>(
  url: string,
  run: (client: pg.Client) => Promise<T>,
  options: { syncOff?: boolean } = {},
): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 2_000,
    ...(options.syncOff ? { options: "-c synchronous_commit=local" } : {}),
  });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The `postgres` user's ids (`id` also sees NSS users that /etc/passwd parsing would miss). */
function postgresIds(): { uid: number; gid: number } {
  const read = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  const ids = { uid: read("-u"), gid: read("-g") };
  if (!Number.isInteger(ids.uid) || !Number.isInteger(ids.gid))
    throw new Error("no `postgres` user to run PostgreSQL as");
  return ids;
}
