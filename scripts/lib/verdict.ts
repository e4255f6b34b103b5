import type { RunnerReport, TestOutcome } from "./test-results.ts";

/**
 * Tests about money and concurrency: a flaky one may hide a lost cent or a double sale, so CI
 * fails on it even though it passed on retry. Matched on the file name (all tests of the file).
 */
export const CRITICAL_FILES =
  /(^|\/)(concurrency|order-flow|payment-statement|placement-statement|sold-out|database-defences|expire|expire-poison|crash|instances|reconcile|snapshot|money)\.(test|spec)\.ts$/;

export interface Verdict {
  ok: boolean;
  passed: number;
  /** Failed tests plus failures of the run itself (each named in `lines`). */
  failed: number;
  skipped: number;
  flaky: number;
  /** The closing block; its last line is `Tests: N passed, N failed, N skipped`. */
  lines: string[];
}

export interface VerdictOptions {
  /** CI: flaky money or concurrency tests fail the run. */
  ci: boolean;
}

const runnerLabel = { vitest: "Vitest", playwright: "Playwright" } as const;
const LISTED = 20;

/**
 * The verdict over every runner's report. Green only when every runner reported, every
 * workspace that has tests ran at least one (unless that runner was filtered), at least one test ran, nothing
 * failed, and (in CI) no money or concurrency test needed a retry.
 */
export function judge(reports: RunnerReport[], problems: string[], options: VerdictOptions): Verdict {
  const runFailures = [...problems];
  const lines: string[] = [""];
  const all: (TestOutcome & { runner: RunnerReport["runner"] })[] = [];
  for (const report of reports) {
    all.push(...report.tests.map((test) => ({ ...test, runner: report.runner })));
    runFailures.push(...report.errors.map((error) => `${runnerLabel[report.runner]}: ${error}`));
    const workspaces = [...new Set([...report.workspacesWithTests, ...report.tests.map((t) => t.workspace)])].sort();
    for (const workspace of workspaces) {
      const mine = report.tests.filter((t) => t.workspace === workspace);
      const count = (status: TestOutcome["status"]) => mine.filter((t) => t.status === status).length;
      const ran = mine.length - count("skipped");
      lines.push(
        `${runnerLabel[report.runner].padEnd(10)} ${workspace.padEnd(14)} ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped, ${count("flaky")} flaky`,
      );
      if (ran === 0 && !report.filtered && report.workspacesWithTests.includes(workspace))
        runFailures.push(`${runnerLabel[report.runner]} ran no test in ${workspace}, which has tests`);
    }
  }
  const by = (status: TestOutcome["status"]) => all.filter((t) => t.status === status);
  const label = (t: (typeof all)[number]) => `${t.file} > ${t.name}`;
  const list = (tests: typeof all) => [
    ...tests.slice(0, LISTED).map((t) => `  - ${label(t)}`),
    ...(tests.length > LISTED ? [`  ... and ${tests.length - LISTED} more`] : []),
  ];

  const skipped = by("skipped");
  if (skipped.length > 0) lines.push(`Skipped (${skipped.length}):`, ...list(skipped));
  const flaky = by("flaky");
  if (flaky.length > 0) {
    lines.push(`Flaky (${flaky.length}, failed then passed on retry; not counted as passed):`, ...list(flaky));
    if (options.ci)
      for (const t of flaky.filter((t) => CRITICAL_FILES.test(t.file)))
        runFailures.push(`a money or concurrency test is flaky, which fails CI: ${label(t)}`);
  }
  const failed = by("failed");
  if (failed.length > 0) lines.push(`Failed (${failed.length}):`, ...list(failed));
  if (all.length - skipped.length === 0) runFailures.push("no test ran");
  if (runFailures.length > 0)
    lines.push(`Run failures (${runFailures.length}):`, ...runFailures.map((f) => `  - ${f}`));

  const passed = by("passed").length;
  const failedCount = failed.length + runFailures.length;
  lines.push(`Tests: ${passed} passed, ${failedCount} failed, ${skipped.length} skipped`);
  return { ok: failedCount === 0, passed, failed: failedCount, skipped: skipped.length, flaky: flaky.length, lines };
}
