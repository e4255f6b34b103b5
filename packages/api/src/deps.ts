import { getDb } from "@trade/db";
import { apiEnv } from "./env.ts";
import { compileTrustedProxies } from "./infra/client-ip.ts";
import { createLimiters } from "./infra/rate-limit.ts";
import { createRedis } from "./infra/redis.ts";
import { policyFromEnv } from "./policy.ts";
import { inventoryFromEnv } from "./coordinator/from-env.ts";
import type { AppDeps } from "./trpc.ts";

const globalDeps = globalThis as unknown as { __tradeDeps?: Map<string, AppDeps> };

/**
 * The process's shared dependencies (one Prisma pool, one Redis connection, the rate limiters),
 * created once per database URL and reused across requests and module reloads.
 */
export function getAppDeps(options: {
  databaseUrl: string;
  allowedOrigins: string[];
  applicationName?: string;
}): AppDeps {
  globalDeps.__tradeDeps ??= new Map();
  const key = `${options.databaseUrl}|${options.allowedOrigins.join(",")}`;
  let deps = globalDeps.__tradeDeps.get(key);
  if (!deps) {
    const env = apiEnv();
    const redis = createRedis({ url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES });
    const db = getDb(options.databaseUrl, options.applicationName);
    deps = {
      db,
      readDb: env.DATABASE_REPLICA_URL
        ? getDb(env.DATABASE_REPLICA_URL, `${options.applicationName ?? "trade"}-replica`)
        : db,
      redis,
      limiters: createLimiters(redis),
      allowedOrigins: options.allowedOrigins,
      policy: policyFromEnv(apiEnv()),
      trustProxy: compileTrustedProxies(env.TRUSTED_PROXIES),
      inventory: inventoryFromEnv(env),
    };
    globalDeps.__tradeDeps.set(key, deps);
  }
  return deps;
}
