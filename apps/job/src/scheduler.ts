import type { JobContext } from "./context.ts";
import { newTaskState, runTask, type TaskStates } from "./runner.ts";
import type { TaskSpec } from "./tasks.ts";

/**
 * Runs each task on its interval, measured from the end of the previous run (a task never
 * overlaps itself), backing off exponentially while it keeps failing. Everything starts at once (so today's snapshot is taken at start if missing);
 * singleton tasks get a little jitter so instances started together do not all race for a lock.
 * stop() lets every running task finish its current batch, then resolves.
 */
export class Scheduler {
  readonly states: TaskStates;
  private readonly controller = new AbortController();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly failures = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly ctx: JobContext,
    private readonly tasks: TaskSpec[],
  ) {
    this.states = Object.fromEntries(tasks.map((t) => [t.name, newTaskState()])) as TaskStates;
  }

  start(): void {
    for (const task of this.tasks) this.schedule(task, task.singleton ? Math.random() * 500 : 0);
  }

  get isStopping(): boolean {
    return this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.controller.abort(new Error("shutting down"));
    await Promise.allSettled([...this.running]);
  }

  private schedule(task: TaskSpec, delayMs: number): void {
    if (this.stopped) return;
    this.timers.set(
      task.name,
      setTimeout(() => this.fire(task), delayMs),
    );
  }

  private fire(task: TaskSpec): void {
    this.timers.delete(task.name);
    if (this.stopped) return;
    const state = this.states[task.name];
    const run = runTask(this.ctx, task, state, this.controller.signal)
      .then((outcome) => {
        // Back off while a task keeps failing (database down...), up to a minute between tries.
        const failures = outcome === "failure" ? (this.failures.get(task.name) ?? 0) + 1 : 0;
        this.failures.set(task.name, failures);
        return failures === 0
          ? task.intervalMs
          : Math.min(task.intervalMs * 2 ** failures, Math.max(task.intervalMs, 60_000));
      })
      .finally(() => this.running.delete(run))
      .then((delayMs) => this.schedule(task, delayMs));
    this.running.add(run);
  }
}
