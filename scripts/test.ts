/**
 * `npm test`: every automated test, on a machine with nothing running.
 *   PostgreSQL: TEST_PG_URL / DATABASE_URL's server, else a throwaway embedded one (free port).
 *   Redis: REDIS_URL, else a throwaway redis-server (free port) if installed, else none.
 * Then `vitest run` (arguments after `--` go to Vitest), then the Playwright suites if any app
 * has tests in apps/<app>/e2e. Exit code: non-zero if anything failed.
 * Vitest's summary ("Test Files ..." / "Tests ...") is the last thing printed; CI reads it.
 */
import { findE2eTests } from "./lib/e2e-tests.ts";
import { ensureRedis, ensureTestPostgres } from "./lib/infra.ts";
import { fail, info } from "./lib/log.ts";
import { binPath, repoRoot } from "./lib/paths.ts";
import { spawnManaged } from "./lib/processes.ts";
import { installShutdownHandlers, onShutdown, shutdown } from "./lib/shutdown.ts";

async function main(): Promise<never> {
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });

  const postgres = await ensureTestPostgres();
  onShutdown("PostgreSQL", () => postgres.stop());
  const redis = await ensureRedis();
  if (redis) onShutdown("Redis", () => redis.stop());

  const env: NodeJS.ProcessEnv = { ...process.env, TEST_PG_URL: postgres.url, NEXT_TELEMETRY_DISABLED: "1" };
  if (redis) env.REDIS_URL = redis.url;
  else delete env.REDIS_URL;

  const e2e = findE2eTests();
  if (e2e.length === 0) info("e2e: no Playwright tests in apps/*/e2e yet; skipping them");

  const vitest = await runVitest(env, process.argv.slice(2));
  let code = vitest.code;
  const totals = countVitest(vitest.summary);

  if (e2e.length > 0) {
    info(`e2e: running Playwright for ${e2e.map((suite) => suite.app).join(", ")}`);
    const playwright = { passed: 0, failed: 0 };
    const e2eRun = spawnManaged("e2e", "npm", ["run", "--silent", "test:e2e"], {
      cwd: repoRoot,
      env,
      prefix: false,
      stopSignal: "SIGINT",
      onLine: (line) => {
        // Playwright's list reporter ends with "  N passed (…)", "  N failed", "  N flaky".
        const match = /^\s*(\d+) (passed|failed|flaky)\b/.exec(stripAnsi(line));
        if (match) playwright[match[2] === "failed" ? "failed" : "passed"] += Number(match[1]);
      },
    });
    const status = await e2eRun.exited;
    await e2eRun.outputDone;
    if (status.code !== 0) {
      code ||= status.code ?? 1;
      if (playwright.failed === 0) playwright.failed = 1; // the suite failed before reporting
    }
    totals.passed += playwright.passed;
    totals.failed += playwright.failed;
    // Repeat Vitest's summary so that it stays visible at the end.
    if (vitest.summary.length > 0) console.log(["", "Vitest summary:", ...vitest.summary].join("\n"));
    console.log(`Playwright: ${playwright.passed} passed, ${playwright.failed} failed`);
  }
  if (code !== 0 && totals.failed === 0) totals.failed = 1;
  // One plain closing line over both runners, as CI reads it.
  console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed`);
  return shutdown(code);
}

function stripAnsi(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\u001b\[[0-9;]*m/g, "");
}

/** Counts from Vitest's "Tests  12 passed | 1 failed | 2 skipped (15)" line. */
function countVitest(summary: string[]): { passed: number; failed: number } {
  const line = summary.map(stripAnsi).find((l) => /^\s*Tests\s/.test(l)) ?? "";
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: count("passed"), failed: count("failed") };
}

async function runVitest(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; summary: string[] }> {
  const summary: string[] = [];
  // Vitest's CLI handles SIGINT (Ctrl-C) by cancelling the run and printing what it has.
  const vitest = spawnManaged("vitest", binPath("vitest"), ["run", ...args], {
    cwd: repoRoot,
    env,
    prefix: false,
    stopSignal: "SIGINT",
    onLine: (line) => {
      // eslint-disable-next-line no-control-regex
      const plain = line.replace(/\u001b\[[0-9;]*m/g, "");
      if (/^\s*(Test Files|Tests|Errors)\s/.test(plain)) summary.push(line);
    },
  });
  const status = await vitest.exited;
  await vitest.outputDone;
  return { code: status.code ?? 1, summary };
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
