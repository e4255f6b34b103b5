import type { JobContext } from "./context.ts";
import { acquireAdvisoryLock, tryAdvisoryLock } from "./singleton-lock.ts";
import type { TaskName, TaskSpec } from "./tasks.ts";

export type RunOutcome = "success" | "failure" | "skipped";

export interface TaskState {
  running: boolean;
  runs: number;
  failures: number;
  skipped: number;
  lastStartedAt: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
}

export function newTaskState(): TaskState {
  return {
    running: false,
    runs: 0,
    failures: 0,
    skipped: 0,
    lastStartedAt: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    lastError: null,
    lastDurationMs: null,
  };
}

/**
 * Runs a task once: takes its singleton lock if it has one (skipping the run when another
 * instance holds it, or waiting up to `lockWaitMs`), times it, records metrics and state, logs
 * one completion line, and releases the lock whatever happens. Never throws: the outcome says.
 */
export async function runTask(
  ctx: JobContext,
  task: TaskSpec,
  state: TaskState,
  signal: AbortSignal,
  options: { lockWaitMs?: number; logIdle?: boolean } = {},
): Promise<RunOutcome> {
  const { log, metrics } = ctx;
  const lock = task.singleton
    ? await (
        options.lockWaitMs
          ? acquireAdvisoryLock(ctx.env.DATABASE_URL, task.name, options.lockWaitMs, signal)
          : tryAdvisoryLock(ctx.env.DATABASE_URL, task.name)
      ).catch((error: unknown) => {
        log.error({ task: task.name, err: error }, "could not take the task lock");
        return "error" as const;
      })
    : undefined;
  if (lock === "error") return record("failure", 0, new Error("lock unavailable"));
  if (lock === null) {
    state.skipped++;
    metrics.taskRuns.inc({ task: task.name, outcome: "skipped" });
    log.debug({ task: task.name }, "another instance holds the lock; skipped");
    return "skipped";
  }

  const startedAt = performance.now();
  state.running = true;
  state.lastStartedAt = new Date().toISOString();
  try {
    const runSignal = lock ? AbortSignal.any([signal, lock.lost]) : signal;
    const summary = await task.run(runSignal);
    const ms = performance.now() - startedAt;
    if (lock?.lost.aborted && !signal.aborted) throw new Error("lost the task lock's connection during the run");
    // Idle runs of frequent tasks (expiry every second, backfill every 5 s) are logged at debug
    // level only, except in one-shot runs.
    const quiet = !options.logIdle && task.isIdle?.(summary) === true;
    log[quiet ? "debug" : "info"]({ task: task.name, ms: Math.round(ms), ...summary }, "task finished");
    return record("success", ms);
  } catch (error) {
    log.error({ task: task.name, err: error }, "task failed");
    return record("failure", performance.now() - startedAt, error);
  } finally {
    state.running = false;
    await lock?.release();
  }

  function record(outcome: Exclude<RunOutcome, "skipped">, ms: number, error?: unknown): RunOutcome {
    state.runs++;
    state.lastDurationMs = Math.round(ms);
    metrics.taskRuns.inc({ task: task.name, outcome });
    metrics.taskDuration.observe({ task: task.name, outcome }, ms / 1000);
    if (outcome === "success") {
      state.lastSuccessAt = new Date().toISOString();
      metrics.lastSuccess.set({ task: task.name }, Date.now() / 1000);
    } else {
      state.failures++;
      state.lastFailureAt = new Date().toISOString();
      state.lastError = error instanceof Error ? error.message : String(error);
    }
    return outcome;
  }
}

export type TaskStates = Record<TaskName, TaskState>;
