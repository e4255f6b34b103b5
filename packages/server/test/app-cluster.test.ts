import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/** The supervisor of the multi-process app servers (app-cluster.ts), with real processes. */
const FIXTURE = path.join(import.meta.dirname, "support", "cluster-app.ts");
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

function start(port: number, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  return child;
}

/** One request on a fresh connection (the primary hands connections to workers in turn). */
async function ask(port: number, pathname = "/"): Promise<{ pid: number; pool: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    headers: { connection: "close" },
    signal: AbortSignal.timeout(5_000),
  });
  const [pid, pool] = (await response.text()).split(" ");
  return { pid: Number(pid), pool: pool ?? "" };
}

/** The worker pids answering, once `count` distinct ones did (workers boot in parallel). */
async function workerPids(port: number, count: number, timeoutMs = 20_000): Promise<Set<number>> {
  const pids = new Set<number>();
  const deadline = Date.now() + timeoutMs;
  while (pids.size < count) {
    if (Date.now() > deadline) throw new Error(`only ${pids.size} of ${count} workers answered`);
    try {
      pids.add((await ask(port)).pid);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return pids;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : once(child, "exit").then(([code]) => code as number | null);
}

describe("multi-process app server (superviseWorkers)", () => {
  it("serves from the workers, each with its share of the DB pool, and replaces one that dies", async () => {
    const port = await freePort();
    const primary = start(port);
    const pids = await workerPids(port, 2);
    expect(pids.has(primary.pid ?? -1)).toBe(false);
    expect((await ask(port)).pool).toBe("5");

    const [victim] = [...pids];
    process.kill(victim ?? -1, "SIGKILL");
    // A connection handed to the worker in the instant it died is lost (node:cluster); once the
    // primary has seen the exit, the survivor answers everything until the replacement joins.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const deadline = Date.now() + 20_000;
    let replaced = false;
    while (!replaced && Date.now() < deadline) {
      const { pid } = await ask(port);
      expect(pid).not.toBe(victim);
      replaced = !pids.has(pid);
    }
    expect(replaced).toBe(true);
    expect(primary.exitCode).toBeNull();
  });

  it("drains in-flight requests on SIGTERM, then exits 0 with its workers", async () => {
    const port = await freePort();
    const primary = start(port);
    const pids = await workerPids(port, 2);
    const slow = ask(port, "/slow");
    await new Promise((resolve) => setTimeout(resolve, 100));
    primary.kill("SIGTERM");
    const answer = await slow;
    expect(pids.has(answer.pid)).toBe(true);
    expect(await exitOf(primary)).toBe(0);
    // Signal 0 only probes: ESRCH means no such process is left.
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  });

  it("gives up with exit code 1 when workers keep dying at boot", async () => {
    const primary = start(await freePort(), { FIXTURE_CRASH: "1" });
    expect(await exitOf(primary)).toBe(1);
  });
});
