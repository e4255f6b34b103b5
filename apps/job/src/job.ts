import type { Deps } from "@trade/api/jobs";
import { createJobContext, type JobContext } from "./context.ts";
import { autovacuumGaps } from "./db-settings.ts";
import type { JobEnv } from "./env.ts";
import { closeHttp, startHttp } from "./http.ts";
import type { Logger } from "./log.ts";
import { newTaskState, runTask } from "./runner.ts";
import { Scheduler } from "./scheduler.ts";
import { createTasks, TASK_NAMES, type TaskName } from "./tasks.ts";

export interface JobHandle {
  ctx: JobContext;
  scheduler: Scheduler;
  /** The port /metrics and /health listen on. */
  port: number;
  /** Graceful stop: current batches finish, locks are released, HTTP and pools close. */
  stop(): Promise<void>;
}

/** The long-running job: scheduler + HTTP server. */
export async function startJob(env: JobEnv, log: Logger, options: { deps?: Deps } = {}): Promise<JobHandle> {
  const ctx = await createJobContext(env, log, options.deps);
  const scheduler = new Scheduler(ctx, createTasks(ctx));
  const { server, port } = await startHttp(ctx, scheduler);
  // Before "job started": main() installs its signal handlers when startJob returns, and a
  // supervisor (or a test) may signal as soon as it reads that line.
  const gaps = await autovacuumGaps(ctx.deps.db);
  if (!gaps.server || gaps.tables.length > 0)
    log.warn(
      { autovacuum: gaps.server ? "on" : "off", tablesWithoutAutovacuum: gaps.tables },
      "PostgreSQL will not analyze these tables by itself: turn autovacuum on, or plans made on small tables stay",
    );
  scheduler.start();
  log.info(
    {
      port,
      redis: ctx.deps.redis ? ctx.deps.redis.status : "not configured",
      intervalsMs: {
        expire: env.EXPIRE_INTERVAL_MS,
        backfill: env.BACKFILL_INTERVAL_MS,
        snapshot: env.SNAPSHOT_INTERVAL_MS,
        reconcile: env.RECONCILE_INTERVAL_MS,
        rules: env.RULES_INTERVAL_MS,
        ...(ctx.deps.inventory?.kind === "remote" ? { recover: env.RECOVER_INTERVAL_MS } : {}),
      },
    },
    "job started",
  );
  let stopping: Promise<void> | undefined;
  return {
    ctx,
    scheduler,
    port,
    stop() {
      stopping ??= (async () => {
        await scheduler.stop();
        await closeHttp(server);
        await ctx.close();
        log.info("job stopped");
      })();
      return stopping;
    },
  };
}

export type OnceTarget = TaskName | "all";

export function isOnceTarget(value: string | undefined): value is OnceTarget {
  return value === "all" || (TASK_NAMES as readonly string[]).includes(value ?? "");
}

/**
 * One-shot mode: runs the task (or all of them, in a sensible order) once and reports whether
 * every run succeeded. A singleton task waits up to JOB_ONCE_LOCK_WAIT_MS for another instance.
 */
export async function runOnce(
  env: JobEnv,
  log: Logger,
  target: OnceTarget,
  options: { deps?: Deps; signal?: AbortSignal } = {},
): Promise<boolean> {
  const ctx = await createJobContext(env, log, options.deps);
  const signal = options.signal ?? new AbortController().signal;
  try {
    const tasks = createTasks(ctx);
    const all: TaskName[] = ["recover", "backfill", "expire", "snapshot", "reconcile", "rules"];
    const order: TaskName[] = target === "all" ? all.filter((name) => tasks.some((t) => t.name === name)) : [target];
    let ok = true;
    for (const name of order) {
      const task = tasks.find((t) => t.name === name);
      if (!task || signal.aborted) return false;
      const outcome = await runTask(ctx, task, newTaskState(), signal, {
        lockWaitMs: env.JOB_ONCE_LOCK_WAIT_MS,
        logIdle: true,
      });
      if (outcome === "skipped")
        log.error({ task: name, waitedMs: env.JOB_ONCE_LOCK_WAIT_MS }, "another instance kept the lock; not run");
      if (outcome !== "success") ok = false;
    }
    return ok && !signal.aborted;
  } finally {
    await ctx.close();
  }
}
