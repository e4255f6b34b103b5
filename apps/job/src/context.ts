import { configureTx, createRedis, inventoryFromEnv, type Deps } from "@trade/api/jobs";
import { createDb } from "@trade/db";
import type { InventoryDb } from "@trade/inventory";
import type { JobEnv } from "./env.ts";
import { openInventoryDb } from "./inventory-check.ts";
import type { Logger } from "./log.ts";
import { createMetrics, type JobMetrics } from "./metrics.ts";

/** Everything a task needs; built once per process (or per test). */
export interface JobContext {
  env: JobEnv;
  deps: Deps;
  log: Logger;
  metrics: JobMetrics;
  /** Remote inventory mode with INVENTORY_DATABASE_URL: the inventory's database, for the reconciliation. */
  inventoryDb: InventoryDb | null;
  /** Closes what this context opened (not deps passed in by a test). */
  close(): Promise<void>;
}

export async function createJobContext(env: JobEnv, log: Logger, deps?: Deps): Promise<JobContext> {
  const owned = !deps;
  const resolved: Deps = deps ?? {
    db: createDb({ url: env.DATABASE_URL, applicationName: "trade-job", DB_POOL_SIZE: env.JOB_DB_POOL_SIZE }),
    redis: createRedis({ url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES }, (msg) =>
      log.warn({ component: "redis" }, msg),
    ),
    // INVENTORY_URL / SERVICE_TOKEN / INVENTORY_TIMEOUT_MS, read as the API reads them.
    inventory: inventoryFromEnv(),
  };
  if (owned) configureTx(resolved.db, { attempts: env.TX_MAX_ATTEMPTS });
  if (owned && resolved.redis) await waitForRedis(resolved.redis, 3_000);
  // Opened from the job's own environment even with a test's deps: always this context's to close.
  const inventoryDb = openInventoryDb(env.INVENTORY_DATABASE_URL);
  return {
    env,
    deps: resolved,
    log,
    metrics: createMetrics(),
    inventoryDb,
    async close() {
      await inventoryDb?.close().catch(() => undefined);
      if (!owned) return;
      await resolved.db.$disconnect().catch(() => undefined);
      await resolved.redis?.quit().catch(() => resolved.redis?.disconnect());
    },
  };
}

/** Redis is optional: wait a moment for the first connection, then go on either way. */
async function waitForRedis(redis: NonNullable<Deps["redis"]>, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    redis.once("ready", done);
    function done() {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    }
  });
}
