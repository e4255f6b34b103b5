import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * What one runner (Vitest or Playwright) reports to `npm test`'s verdict: every test with its
 * outcome and workspace, and the workspaces that have tests at all. Written as JSON by
 * vitest-reporter.ts and read from Playwright's JSON report (playwright-results.ts), so that the
 * verdict counts structured results instead of scraping the human output.
 */
export type TestStatus = "passed" | "failed" | "skipped" | "flaky";

export interface TestOutcome {
  /** `packages/api`, `apps/web`, ... or `.` for the repo root (scripts/). */
  workspace: string;
  /** Path relative to the repo root. */
  file: string;
  /** Suite and test names, ` > `-joined (Playwright: prefixed with the project). */
  name: string;
  status: TestStatus;
}

export interface RunnerReport {
  runner: "vitest" | "playwright";
  tests: TestOutcome[];
  /** Workspaces that have test files for this runner (a run that selects none of one is a failure). */
  workspacesWithTests: string[];
  /** Failures outside any test: a file that failed to load, an unhandled error, a global setup error. */
  errors: string[];
  /** Tests were narrowed on purpose (a filter): then only the run as a whole must select some. */
  filtered?: boolean;
}

/** The workspace a repo-relative file belongs to: `apps/<name>`, `packages/<name>`, else the root. */
export function workspaceOf(file: string): string {
  const parts = file.split(/[\\/]/);
  if ((parts[0] === "apps" || parts[0] === "packages") && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return ".";
}

export function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}

/** A RunnerReport written by vitest-reporter.ts. */
export function readRunnerReport(file: string): RunnerReport {
  return JSON.parse(readFileSync(file, "utf8")) as RunnerReport;
}
