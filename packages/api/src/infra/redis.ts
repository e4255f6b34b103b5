import { Redis } from "ioredis";

/**
 * Redis is an accelerator, never the source of truth. Commands fail fast while it is down
 * (no offline queue) and every caller treats a failure as a cache miss.
 */
export function createRedis(url: string | undefined, log: (msg: string) => void = console.warn): Redis | null {
  if (!url) return null;
  let warned = false;
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 500,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(200 * times, 5_000),
  });
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

/** Runs a Redis command, returning `fallback` if Redis is absent or failing. */
export async function tryRedis<T>(redis: Redis | null, fallback: T, run: (r: Redis) => Promise<T>): Promise<T> {
  if (!redis || redis.status !== "ready") return fallback;
  try {
    return await run(redis);
  } catch {
    return fallback;
  }
}
