import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const jobDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type LogLine = Record<string, unknown>;

export interface JobProcess {
  child: ReturnType<typeof spawn>;
  /** Every JSON line the process has written to stdout so far. */
  lines: LogLine[];
  /** Resolves with the exit code (null when killed by a signal) once stdout is fully read. */
  exited: Promise<number | null>;
  stderr(): string;
}

/**
 * Runs the real entry point (src/main.ts, through tsx's loader) as its own OS process against `databaseUrl`:
 * its own Prisma pool, Redis client and event loop, killed or stopped like a deployed instance.
 * Only PATH is inherited, so nothing from the test process's environment leaks in.
 */
export function runJobProcess(
  databaseUrl: string,
  args: string[],
  env: Record<string, string>,
  onLine?: (line: LogLine) => void,
): JobProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the program in a child process of its own,
  // so a SIGKILL would kill only the wrapper and leave the job running.
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: jobDir,
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, JOB_HTTP_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  let stderr = "";
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const part of parts) {
      if (!part.trim()) continue;
      const line = JSON.parse(part) as LogLine; // every stdout line is JSON
      lines.push(line);
      onLine?.(line);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "close", not "exit": "exit" can fire before the last lines on stdout have been read.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, lines, exited, stderr: () => stderr };
}

/** Completion lines of one task ("task finished"), in the order the process wrote them. */
export function finishedRuns(lines: LogLine[], task: string): LogLine[] {
  return lines.filter((l) => l.msg === "task finished" && l.task === task);
}

/** [start, end] in epoch ms of each completed run of `task`, from its completion line's time and duration. */
export function runIntervals(lines: LogLine[], task: string): [number, number][] {
  return finishedRuns(lines, task).map((l) => {
    const end = Date.parse(String(l.time));
    return [end - Number(l.ms), end];
  });
}
