import { Cluster, Redis } from "ioredis";

/** A single Redis or a Redis Cluster: every caller works with either. */
export type RedisClient = Redis | Cluster;

export interface RedisConfig {
  /** A single server (`redis://...`). */
  url?: string;
  /** Redis Cluster seed nodes, `host:port,host:port,...`; wins over `url` when both are set. */
  clusterNodes?: string;
}

/**
 * Redis is an accelerator, never the source of truth. Commands fail fast while it is down
 * (no offline queue) and every caller treats a failure as a cache miss. With Redis Cluster the
 * same holds per slot: while a master fails over, its keys miss and the rest keep working.
 */
export function createRedis(
  config: RedisConfig | string | undefined,
  log: (msg: string) => void = console.warn,
): RedisClient | null {
  const { url, clusterNodes } = typeof config === "string" ? { url: config, clusterNodes: undefined } : (config ?? {});
  if (!url && !clusterNodes) return null;
  const nodeOptions = { connectTimeout: 1_000, commandTimeout: 500, maxRetriesPerRequest: 1 };
  const retryStrategy = (times: number) => Math.min(200 * times, 5_000);
  const redis: RedisClient = clusterNodes
    ? new Cluster(parseNodes(clusterNodes), {
        enableOfflineQueue: false,
        // Commands of one tick go out as one pipeline per node (a plain pipeline must not span slots).
        enableAutoPipelining: true,
        clusterRetryStrategy: retryStrategy,
        // After a MOVED (a replica promoted), fetch the new slot map at once.
        slotsRefreshTimeout: 1_000,
        redisOptions: nodeOptions,
      })
    : new Redis(url ?? "", { ...nodeOptions, enableOfflineQueue: false, lazyConnect: false, retryStrategy });
  let warned = false;
  redis.on("error", (error: Error) => {
    if (!warned) log(`[redis] unavailable, continuing without cache: ${error.message}`);
    warned = true;
  });
  redis.on("ready", () => {
    if (warned) log("[redis] connected again");
    warned = false;
  });
  return redis;
}

/** `host:port,host:port` -> ioredis cluster seed nodes. */
export function parseNodes(list: string): { host: string; port: number }[] {
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf(":");
      const port = Number(entry.slice(at + 1));
      if (at <= 0 || !Number.isInteger(port)) throw new Error(`REDIS_CLUSTER_NODES: not host:port: ${entry}`);
      return { host: entry.slice(0, at), port };
    });
}

/** Whether `redis` is a Cluster client (a pipeline must then stay within one hash slot). */
export function isCluster(redis: RedisClient): redis is Cluster {
  return redis instanceof Cluster;
}

/** Runs a Redis command, returning `fallback` if Redis is absent or failing. */
export async function tryRedis<T>(
  redis: RedisClient | null,
  fallback: T,
  run: (r: RedisClient) => Promise<T>,
): Promise<T> {
  if (!redis || redis.status !== "ready") return fallback;
  try {
    return await run(redis);
  } catch {
    return fallback;
  }
}
