import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A throwaway Redis Cluster of three masters (no replicas) for tests: three redis-server
 * processes on free ports (each also needs port + 10000 for the bus), joined by
 * `redis-cli --cluster create`. Undefined when redis-server is not installed.
 */
export interface TestRedisCluster {
  nodes: string;
  stop(): void;
}

export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below the ephemeral range (32768+), bus ports included.
    const base = 12_000 + Math.floor(Math.random() * 9_000);
    const ports = [base, base + 1, base + 2];
    const checks = await Promise.all(ports.flatMap((p) => [portFree(p), portFree(p + 10_000)]));
    if (checks.every(Boolean)) return base;
  }
  throw new Error("no free ports for a test Redis Cluster");
}

export async function startTestRedisCluster(): Promise<TestRedisCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "trade-redis-cluster-"));
  const base = await freeBase();
  const ports = [base, base + 1, base + 2];
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        path.join(dir, `nodes-${port}.conf`),
        "--cluster-node-timeout",
        "2000",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        "--loglevel",
        "warning",
      ],
      { stdio: "ignore" },
    ),
  );
  const stop = () => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      for (let i = 0; !(await isListening(port)); i++) {
        if (i > 100) throw new Error(`redis-server :${port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const create = spawnSync(
      "redis-cli",
      ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"],
      { encoding: "utf8", timeout: 20_000 },
    );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (let i = 0; ; i++) {
      const info = spawnSync("redis-cli", ["-p", String(base), "cluster", "info"], { encoding: "utf8" }).stdout ?? "";
      if (info.includes("cluster_state:ok")) break;
      if (i > 100) throw new Error("test Redis Cluster did not reach cluster_state:ok");
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    stop();
    throw error;
  }
  return { nodes: ports.map((p) => `127.0.0.1:${p}`).join(","), stop };
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
