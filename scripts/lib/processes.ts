import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import readline from "node:readline";
import { colorEnabled, paint, type Color } from "./log.ts";

/**
 * Child processes of the repo scripts. Each one runs in its own process group (`detached`), so:
 * - stopping it reaches every process it started (npm -> sh -> tsx -> node, next's workers);
 * - a Ctrl-C in the terminal reaches only the script, which then stops things in order
 *   (apps first, then Redis, then PostgreSQL) instead of everything dying at once.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Settles when the direct child exits (its group may still be winding down). */
  readonly exited: Promise<ExitStatus>;
  /** Settles when every line of its output has been handled (or 2 s after exit, whichever is first). */
  readonly outputDone: Promise<void>;
  /** Signals the whole group and waits until no process of it is left (SIGKILL after a grace period). */
  stop(graceMs?: number): Promise<void>;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Sent to the group by `stop()`. CLIs that forward Ctrl-C to their own children prefer SIGINT. */
  stopSignal?: NodeJS.Signals;
  /** Prefix each output line with the process name (default true). */
  prefix?: boolean;
  /** Sees every output line (without prefix), e.g. to pick a summary out of it. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

const live = new Set<ManagedProcess>();
const palette: Color[] = ["blue", "magenta", "green", "yellow", "cyan"];
const colorOf = new Map<string, Color>();
let labelWidth = 6;

/** Every managed process that has not been stopped yet. */
export function liveProcesses(): ManagedProcess[] {
  return [...live];
}

export function spawnManaged(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
  labelWidth = Math.max(labelWidth, name.length);
  if (!colorOf.has(name)) colorOf.set(name, palette[colorOf.size % palette.length] ?? "cyan");
  const env = { ...options.env };
  // Output goes through a pipe; keep colours if our own output is a terminal.
  if (colorEnabled && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) env.FORCE_COLOR = "1";

  const child = spawn(command, args, { cwd: options.cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${command}`);

  const label = () => paint(colorOf.get(name) ?? "cyan", `${name.padEnd(labelWidth)} |`);
  const forward = (stream: "stdout" | "stderr") =>
    new Promise<void>((resolve) => {
      const source = child[stream];
      if (!source) return resolve();
      const out = stream === "stdout" ? process.stdout : process.stderr;
      const lines = readline.createInterface({ input: source, crlfDelay: Infinity });
      lines.on("line", (line) => {
        options.onLine?.(line, stream);
        out.write(options.prefix === false ? `${line}\n` : `${label()} ${line}\n`);
      });
      lines.once("close", resolve);
    });
  const streamsClosed = Promise.all([forward("stdout"), forward("stderr")]);

  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", (error) => {
      process.stderr.write(`${label()} failed to start: ${error.message}\n`);
      resolve({ code: 127, signal: null });
    });
  });

  // A grandchild that outlives the child may keep the pipes open: do not wait for it forever.
  const outputDone = Promise.race([
    streamsClosed.then(() => undefined),
    exited.then(() => new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())),
  ]);

  let stopping: Promise<void> | undefined;
  const managed: ManagedProcess = {
    name,
    pid,
    exited,
    outputDone,
    stop(graceMs = 15_000) {
      stopping ??= (async () => {
        signalGroup(pid, options.stopSignal ?? "SIGTERM");
        if (!(await waitForGroupGone(pid, graceMs))) {
          process.stderr.write(`${label()} still running after ${graceMs} ms; killing it\n`);
          signalGroup(pid, "SIGKILL");
          await waitForGroupGone(pid, 3_000);
        }
        await exited;
        live.delete(managed);
      })();
      return stopping;
    },
  };
  live.add(managed);
  // A one-shot step that finished by itself leaves nothing to stop.
  void exited.then(async () => {
    if (!stopping && !groupAlive(pid)) live.delete(managed);
  });
  return managed;
}

/** Runs a command to completion with prefixed output; resolves to its exit code. */
export async function runStep(name: string, command: string, args: string[], options: SpawnOptions): Promise<number> {
  const step = spawnManaged(name, command, args, options);
  const status = await step.exited;
  await step.outputDone;
  // Whatever the step left behind in its group (it should be nothing) goes with it.
  await step.stop(5_000);
  return status.code ?? 1;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // group already gone
  }
}

/**
 * Whether any process of the group is still running. Zombies do not count: an orphaned
 * grandchild may sit unreaped for a moment (or forever, under an init that does not reap).
 */
function groupAlive(pgid: number): boolean {
  if (process.platform === "linux") {
    try {
      for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        let stat: string;
        try {
          stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        } catch {
          continue; // exited while we looked
        }
        // Fields after the parenthesised command name: state ppid pgrp ...
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) === pgid && fields[0] !== "Z") return true;
      }
      return false;
    } catch {
      // no readable /proc: fall back to signal 0
    }
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitForGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

// Last resort if the script dies without running its shutdown (uncaught error, process.exit):
// never leave a server behind. Synchronous, as 'exit' handlers must be.
process.on("exit", () => {
  for (const managed of live) signalGroup(managed.pid, "SIGTERM");
});

/** SIGKILL every managed group now (second Ctrl-C). Their `stop()` calls then finish quickly. */
export function killAll(): void {
  for (const managed of live) signalGroup(managed.pid, "SIGKILL");
}
