import { readFileSync } from "node:fs";
import path from "node:path";
import type { JSONReport, JSONReportSuite } from "@playwright/test/reporter";
import { relativeTo, workspaceOf, type RunnerReport, type TestOutcome, type TestStatus } from "./test-results.ts";

const statusOf: Record<string, TestStatus> = {
  expected: "passed",
  unexpected: "failed",
  flaky: "flaky",
  skipped: "skipped",
};

/**
 * Playwright's JSON report (playwright.config.ts writes it to E2E_REPORT_FILE) as a RunnerReport.
 * A test runs once per project; each run counts, named `<project> > <file title> > <test>`.
 */
export function readPlaywrightReport(file: string, repoRoot: string, workspacesWithTests: string[]): RunnerReport {
  const report = JSON.parse(readFileSync(file, "utf8")) as JSONReport;
  const rootDir = report.config.rootDir;
  const tests: TestOutcome[] = [];
  // Top-level suites are the spec files, titled with their path: the file is named apart.
  const visit = (suite: JSONReportSuite, titles: string[], top = false) => {
    const here = suite.title && !top ? [...titles, suite.title] : titles;
    for (const spec of suite.specs) {
      const specFile = relativeTo(repoRoot, path.resolve(rootDir, spec.file));
      for (const test of spec.tests) {
        tests.push({
          workspace: workspaceOf(specFile),
          file: specFile,
          name: [test.projectName, ...here, spec.title].filter(Boolean).join(" > "),
          status: statusOf[test.status] ?? "failed",
        });
      }
    }
    for (const child of suite.suites ?? []) visit(child, here);
  };
  for (const suite of report.suites) visit(suite, [], true);
  const errors = report.errors.map((error) => `playwright: ${(error.message ?? "error").split("\n")[0]}`);
  return { runner: "playwright", tests, workspacesWithTests, errors };
}
