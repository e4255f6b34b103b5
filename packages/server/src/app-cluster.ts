import cluster from "node:cluster";

export interface SupervisorOptions {
  /** Printed in log lines. */
  name: string;
  /** Worker processes to keep running. */
  workers: number;
  /** Extra environment of every worker (its share of the DB pool). */
  workerEnv: Record<string, string>;
  /** How long workers get to drain after SIGTERM / SIGINT before the primary exits anyway. */
  drainMs: number;
}

/** More than this many unexpected exits within CRASH_WINDOW_MS is a crash loop: stop, let the host restart us. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * The primary of a multi-process app server (node:cluster). One Node process runs one event loop
 * on one core; the primary forks `workers` copies of the server, which share the listening
 * socket (the primary hands out connections round-robin), so an app uses more than one core.
 *
 * It replaces a worker that dies unexpectedly (after a short back-off, so a worker that fails at
 * boot does not spin), gives up and exits 1 on a crash loop, and on SIGTERM / SIGINT forwards
 * the signal so each worker drains its in-flight requests, then exits when they are all gone.
 * The primary itself serves nothing and holds no state.
 */
export function superviseWorkers(options: SupervisorOptions): void {
  const { name, workers, workerEnv, drainMs } = options;
  const crashes: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const live = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  const fork = () => cluster.fork(workerEnv);

  const stop = (signal: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    console.log(`${name}: ${signal}, stopping ${live().length} worker(s)`);
    for (const worker of live()) worker.process.kill(signal);
    if (live().length === 0) process.exit(exitCode);
    // A worker that does not finish draining must not keep the app from stopping.
    setTimeout(() => process.exit(exitCode), drainMs + 2_000).unref();
  };

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (live().length === 0) process.exit(exitCode);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && (crashes[0] ?? now) < now - CRASH_WINDOW_MS) crashes.shift();
    console.error(`${name}: worker ${worker.process.pid} exited unexpectedly (${signal ?? `code ${code}`})`);
    if (crashes.length > MAX_CRASHES) {
      console.error(`${name}: ${crashes.length} worker exits within ${CRASH_WINDOW_MS / 1000} s, giving up`);
      stop("SIGTERM", 1);
      return;
    }
    setTimeout(() => {
      if (!stopping) fork();
    }, 250 * crashes.length);
  });

  for (let i = 0; i < workers; i++) fork();
  console.log(
    `${name}: ${workers} worker processes (WEB_CONCURRENCY), ${Object.entries(workerEnv)
      .map(([key, value]) => `${key}=${value}`)
      .join(" ")} each`,
  );
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
