// The job process: `npm run start -w @trade/job` (long-running) or `... -- --once <task>`.
import { readJobEnv } from "./env.ts";
import { isOnceTarget, runOnce, startJob } from "./job.ts";
import { createLogger, type Logger } from "./log.ts";

const USAGE = "usage: tsx src/main.ts [--once expire|backfill|snapshot|reconcile|rules|recover|all]";

function parseArgs(argv: string[]): { once: string | null } {
  let once: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--once") once = argv[++i] ?? "";
    else if (arg?.startsWith("--once=")) once = arg.slice("--once=".length);
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { once };
}

function exit(log: Logger, code: number): never {
  log.flush();
  process.exit(code);
}

async function main(): Promise<void> {
  let args: { once: string | null };
  let env: ReturnType<typeof readJobEnv>;
  try {
    args = parseArgs(process.argv.slice(2));
    env = readJobEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const log = createLogger(env.LOG_LEVEL);
  process.on("uncaughtException", (error) => {
    log.fatal({ err: error }, "uncaught exception");
    exit(log, 1);
  });
  process.on("unhandledRejection", (reason) => {
    log.fatal({ err: reason }, "unhandled rejection");
    exit(log, 1);
  });

  if (args.once !== null) {
    if (!isOnceTarget(args.once)) {
      console.error(`unknown task ${JSON.stringify(args.once)}\n${USAGE}`);
      process.exit(2);
    }
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      log.warn({ signal }, "interrupted: finishing the current batch");
      controller.abort();
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
    const ok = await runOnce(env, log, args.once, { signal: controller.signal });
    log.info({ task: args.once, ok }, "one-shot run finished");
    exit(log, ok ? 0 : 1);
  }

  const job = await startJob(env, log);
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal }, "second signal: exiting now");
      exit(log, 1);
    }
    signalled = true;
    log.info({ signal }, "stopping: finishing current batches");
    const timer = setTimeout(() => {
      log.error({ timeoutMs: env.JOB_SHUTDOWN_TIMEOUT_MS }, "graceful shutdown timed out");
      exit(log, 1);
    }, env.JOB_SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    job.stop().then(
      () => exit(log, 0),
      (error: unknown) => {
        log.error({ err: error }, "error while stopping");
        exit(log, 1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

void main();
