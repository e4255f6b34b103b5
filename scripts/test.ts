/**
 * `npm test`: every automated test, on a machine with nothing running.
 *   Browser (when apps have Playwright tests): found first (scripts/lib/browser.ts); none means
 *     one sentence saying what to install, before anything starts.
 *   PostgreSQL: TEST_PG_URL / DATABASE_URL's server, else a throwaway embedded one (free port).
 *   Redis: REDIS_URL, else a throwaway redis-server (free port) if installed, else none; in CI a
 *     missing Redis is an error (the Redis tests must run there).
 * Then `vitest run` (arguments after `--` go to Vitest), then the Playwright suites. Both report
 * structured results (scripts/lib/vitest-reporter.ts, Playwright's JSON reporter), and the
 * verdict (scripts/lib/verdict.ts) is printed last: per runner and workspace, skipped, flaky and
 * failed tests by name, failures of the run itself, and the closing line
 * `Tests: N passed, N failed, N skipped`. Exit code: 0 only when that line has 0 failed.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBrowser } from "./lib/browser.ts";
import { findE2eTests } from "./lib/e2e-tests.ts";
import { ensureRedis, ensureTestPostgres } from "./lib/infra.ts";
import { fail, info } from "./lib/log.ts";
import { binPath, repoRoot } from "./lib/paths.ts";
import { readPlaywrightReport } from "./lib/playwright-results.ts";
import { spawnManaged } from "./lib/processes.ts";
import { readRunnerReport, type RunnerReport } from "./lib/test-results.ts";
import { installShutdownHandlers, onShutdown, shutdown } from "./lib/shutdown.ts";
import { judge } from "./lib/verdict.ts";
import { which } from "./lib/which.ts";

const ci = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

async function main(): Promise<never> {
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });

  // Everything that can stop the run is checked before any server starts.
  const e2e = findE2eTests();
  const e2eApps = (process.env.E2E_APPS ?? "web,admin").split(",").map((a) => a.trim());
  const browser = e2e.length > 0 ? ensureBrowser(info) : undefined;
  if (browser) info(`browser: ${browser.path} (${browser.source})`);
  if (ci && !process.env.REDIS_URL?.trim() && !which("redis-server"))
    throw new Error(
      "CI runs the Redis tests, but there is no Redis: set REDIS_URL or install redis-server (apt-get install redis-server).",
    );

  const postgres = await ensureTestPostgres();
  onShutdown("PostgreSQL", () => postgres.stop());
  const redis = await ensureRedis();
  if (redis) onShutdown("Redis", () => redis.stop());

  const reportDir = mkdtempSync(path.join(os.tmpdir(), "trade-test-report-"));
  onShutdown("test reports", async () => rmSync(reportDir, { recursive: true, force: true }));
  const vitestReport = path.join(reportDir, "vitest.json");
  const playwrightReport = path.join(reportDir, "playwright.json");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEST_PG_URL: postgres.url,
    NEXT_TELEMETRY_DISABLED: "1",
    TRADE_VITEST_REPORT: vitestReport,
    E2E_REPORT_FILE: playwrightReport,
  };
  if (redis) env.REDIS_URL = redis.url;
  else delete env.REDIS_URL;
  if (browser) env.CHROMIUM_PATH = browser.path;

  const reports: RunnerReport[] = [];
  const problems: string[] = [];
  const vitestArgs = process.argv.slice(2);
  const vitestCode = await run("vitest", binPath("vitest"), [
    "run",
    "--reporter=default",
    `--reporter=${path.join(repoRoot, "scripts/lib/vitest-reporter.ts")}`,
    ...vitestArgs,
  ]);
  // File filters, name patterns, shards and changed-only runs select less than everything on purpose.
  const filtered = vitestArgs.some(
    (a) => !a.startsWith("-") || /^(-t|--testNamePattern|--shard|--changed|--related)/.test(a),
  );
  if (existsSync(vitestReport)) reports.push({ ...readRunnerReport(vitestReport), filtered });
  else problems.push(`Vitest ended without a report (exit code ${vitestCode})`);
  // A non-zero exit the report does not explain (a failed test or a reported error) is a failure too.
  const explained = (report: RunnerReport | undefined) =>
    Boolean(report && (report.errors.length > 0 || report.tests.some((t) => t.status === "failed")));
  if (vitestCode !== 0 && !explained(reports.find((r) => r.runner === "vitest")))
    problems.push(`Vitest exited with code ${vitestCode}`);

  if (e2e.length > 0) {
    info(`e2e: running Playwright for ${e2e.map((suite) => suite.app).join(", ")}`);
    const code = await run("e2e", "npm", ["run", "--silent", "test:e2e"]);
    const expected = e2e.filter((suite) => e2eApps.includes(suite.app)).map((suite) => `apps/${suite.app}`);
    if (existsSync(playwrightReport)) {
      const report = readPlaywrightReport(playwrightReport, repoRoot, expected);
      reports.push(report);
      if (code !== 0 && !explained(report)) problems.push(`Playwright exited with code ${code}`);
    } else {
      problems.push(`the browser tests did not run (test:e2e exited with code ${code} before Playwright reported)`);
    }
  } else {
    info("e2e: no Playwright tests in apps/*/e2e");
  }

  const verdict = judge(reports, problems, { ci });
  console.log(verdict.lines.join("\n"));
  return shutdown(verdict.ok ? 0 : 1);

  async function run(name: string, command: string, args: string[]): Promise<number> {
    // Vitest's CLI handles SIGINT (Ctrl-C) by cancelling the run and printing what it has.
    const child = spawnManaged(name, command, args, { cwd: repoRoot, env, prefix: false, stopSignal: "SIGINT" });
    const status = await child.exited;
    await child.outputDone;
    return status.code ?? 1;
  }
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
