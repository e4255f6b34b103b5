import { fail, info, warn } from "./log.ts";
import { killAll, liveProcesses } from "./processes.ts";

/**
 * Orderly stop for the repo scripts: first every managed child process (in parallel), then the
 * registered cleanups in reverse order of registration (so Redis stops before PostgreSQL when
 * PostgreSQL was started first).
 */
interface Cleanup {
  name: string;
  run: () => Promise<void>;
}

const cleanups: Cleanup[] = [];
let stopping: Promise<never> | undefined;

export function onShutdown(name: string, run: () => Promise<void>): void {
  cleanups.push({ name, run });
}

export function isShuttingDown(): boolean {
  return stopping !== undefined;
}

export function shutdown(code: number, reason?: string): Promise<never> {
  stopping ??= (async () => {
    if (reason) info(reason);
    await Promise.all(liveProcesses().map((child) => child.stop()));
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup.run();
      } catch (error) {
        fail(`stopping ${cleanup.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (code === 0) code = 1;
      }
    }
    process.exit(code);
  })();
  return stopping;
}

/**
 * Ctrl-C, SIGTERM and a closed terminal stop everything in order and exit with `exitCode`;
 * a second signal kills the child processes at once (the cleanups still run).
 * Unexpected errors in the script itself also stop everything, with exit code 1.
 */
export function installShutdownHandlers(options: { signalExitCode: (signal: NodeJS.Signals) => number }): void {
  let firstSignalAt: number | undefined;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (firstSignalAt === undefined) {
        firstSignalAt = Date.now();
        void shutdown(options.signalExitCode(signal), `${signal} received, stopping (press Ctrl-C again to force)...`);
      } else if (Date.now() - firstSignalAt > 1_000) {
        // One Ctrl-C often arrives twice (from the terminal and relayed by npm/tsx): only a
        // later one means "force".
        warn("second signal: killing child processes now");
        killAll();
      }
    });
  }
  const crash = (error: unknown) => {
    fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
    void shutdown(1);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
}
