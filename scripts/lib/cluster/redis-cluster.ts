import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { info } from "../log.ts";
import { runStep, spawnManaged, type ManagedProcess } from "../processes.ts";
import { waitForTcp } from "../ports.ts";
import { which } from "../which.ts";
import { clusterDir, REDIS_PORTS } from "./topology.ts";

/**
 * Six redis-server nodes (3 masters, 3 replicas) formed into a Redis Cluster by
 * `redis-cli --cluster create`. Started fresh on every run (Redis is never the source of truth:
 * caches, rate limits and the daily snapshot copy are rebuilt from PostgreSQL).
 */
const redisDir = path.join(clusterDir, "redis");

export interface RedisCluster {
  nodes: Map<number, ManagedProcess>;
}

export async function startRedisCluster(): Promise<RedisCluster> {
  const server = which("redis-server");
  const cli = which("redis-cli");
  if (!server || !cli) throw new Error("redis-server and redis-cli are needed (apt-get install redis-server)");
  rmSync(redisDir, { recursive: true, force: true });
  mkdirSync(redisDir, { recursive: true });
  const nodes = new Map<number, ManagedProcess>();
  for (const port of REDIS_PORTS) nodes.set(port, startNode(server, port));
  await Promise.all(REDIS_PORTS.map((port) => waitForTcp("127.0.0.1", port, 10_000)));
  const code = await runStep(
    "redis-cli",
    cli,
    ["--cluster", "create", ...REDIS_PORTS.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"],
    { cwd: redisDir, env: process.env },
  );
  if (code !== 0) throw new Error("redis-cli --cluster create failed");
  await waitForClusterOk(REDIS_PORTS[0], 20_000);
  info(`Redis Cluster: ${REDIS_PORTS.length} nodes on ${REDIS_PORTS[0]}-${REDIS_PORTS.at(-1)}, state ok`);
  return { nodes };
}

function startNode(server: string, port: number): ManagedProcess {
  // `cluster-require-full-coverage no`: while one master's slots fail over, the other two
  // masters keep serving their keys (the apps are degraded, not failing).
  return spawnManaged(
    `redis-${port}`,
    server,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      path.join(redisDir, `nodes-${port}.conf`),
      "--cluster-node-timeout",
      "2000",
      "--cluster-require-full-coverage",
      "no",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      redisDir,
      "--loglevel",
      "warning",
    ],
    { cwd: redisDir, env: process.env },
  );
}

/** `CLUSTER INFO` of one node. */
export function clusterInfo(port: number): Record<string, string> {
  const cli = which("redis-cli") ?? "redis-cli";
  const out = spawnSync(cli, ["-p", String(port), "cluster", "info"], { encoding: "utf8", timeout: 2_000 });
  const fields: Record<string, string> = {};
  for (const line of (out.stdout ?? "").split(/\r?\n/)) {
    const [key, value] = line.split(":");
    if (key && value !== undefined) fields[key] = value.trim();
  }
  return fields;
}

/** Ports of the current masters, as one live node sees them. */
export function masterPorts(viaPort: number): number[] {
  const cli = which("redis-cli") ?? "redis-cli";
  const out = spawnSync(cli, ["-p", String(viaPort), "cluster", "nodes"], { encoding: "utf8", timeout: 2_000 });
  return (out.stdout ?? "")
    .split(/\r?\n/)
    .filter((line) => / master /.test(` ${line} `) && !line.includes("fail"))
    .map((line) => Number(/:(\d+)@/.exec(line)?.[1]))
    .filter((port) => Number.isInteger(port) && port > 0);
}

export async function waitForClusterOk(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (clusterInfo(port).cluster_state !== "ok") {
    if (Date.now() > deadline) throw new Error(`Redis Cluster not ok within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
