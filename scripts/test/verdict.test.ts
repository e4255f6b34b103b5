import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRunnerReport, type RunnerReport } from "../lib/test-results.ts";
import { CRITICAL_FILES, judge } from "../lib/verdict.ts";

/**
 * The verdict of `npm test` from real Vitest runs of a small fixture repo (scripts/test/fixtures/
 * verdict: a money test that fails once and passes on retry, a workspace whose only test is
 * skipped) through the repo's reporter, then judged.
 */
const repoRoot = path.resolve(import.meta.dirname, "../..");
const fixture = path.join(import.meta.dirname, "fixtures/verdict");
const scratch = mkdtempSync(path.join(os.tmpdir(), "trade-verdict-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runFixture(
  name: string,
  filters: string[] = [],
  root = fixture,
): { code: number | null; report: RunnerReport | null } {
  const target = path.join(scratch, `${name}.json`);
  const result = spawnSync(
    path.join(repoRoot, "node_modules/.bin/vitest"),
    [
      "run",
      "--root",
      root,
      "--reporter=dot",
      `--reporter=${path.join(repoRoot, "scripts/lib/vitest-reporter.ts")}`,
      ...filters,
    ],
    { cwd: root, env: { ...process.env, TRADE_VITEST_REPORT: target, CI: "" }, encoding: "utf8" },
  );
  try {
    return { code: result.status, report: readRunnerReport(target) };
  } catch {
    return { code: result.status, report: null };
  }
}

const full = runFixture("full");
const lastLine = (lines: string[]) => lines.at(-1);

describe("npm test's verdict", () => {
  it("reports each test once: a retried pass as flaky, skipped apart, per workspace", () => {
    expect(full.code).toBe(0); // Vitest itself reads green: retried pass, skips
    const report = full.report;
    expect(report?.workspacesWithTests).toEqual(["apps/empty", "packages/shop"]);
    expect(report?.tests.map((t) => [t.workspace, t.name, t.status]).sort()).toEqual([
      ["apps/empty", "never runs", "skipped"],
      ["packages/shop", "checkout > fails once, then passes on retry", "flaky"],
      ["packages/shop", "checkout > is skipped", "skipped"],
      ["packages/shop", "checkout > passes at once", "passed"],
    ]);
  });

  it("fails a run where a workspace with tests ran none, and CI on a flaky money test, naming both", () => {
    if (!full.report) throw new Error("the fixture run wrote no report");
    const local = judge([full.report], [], { ci: false });
    expect(local.ok).toBe(false);
    expect(local.lines).toContain("  - Vitest ran no test in apps/empty, which has tests");
    expect(local.lines).toContain(
      "  - packages/shop/test/concurrency.test.ts > checkout > fails once, then passes on retry",
    );
    expect(lastLine(local.lines)).toBe("Tests: 1 passed, 1 failed, 2 skipped");

    const ci = judge([full.report], [], { ci: true });
    expect(ci.lines.some((l) => l.includes("money or concurrency test is flaky, which fails CI"))).toBe(true);
    expect(lastLine(ci.lines)).toBe("Tests: 1 passed, 2 failed, 2 skipped");
  });

  it("lets a flaky test that is not about money pass outside the critical files, still listed", () => {
    if (!full.report) throw new Error("the fixture run wrote no report");
    const shopOnly: RunnerReport = {
      ...full.report,
      workspacesWithTests: ["packages/shop"],
      tests: full.report.tests.map((t) => ({ ...t, file: t.file.replace("concurrency", "catalog") })),
    };
    const verdict = judge([shopOnly], [], { ci: true });
    expect(verdict.ok).toBe(true);
    expect(verdict.flaky).toBe(1);
    expect(verdict.lines).toContain("Flaky (1, failed then passed on retry; not counted as passed):");
    expect(lastLine(verdict.lines)).toBe("Tests: 1 passed, 0 failed, 2 skipped");
  });

  it("fails a run whose beforeAll threw, though Vitest reports its tests as skipped", () => {
    const hooks = runFixture("hooks", [], path.join(import.meta.dirname, "fixtures/hooks"));
    expect(hooks.report?.tests.map((t) => t.status)).toEqual(["skipped"]);
    expect(hooks.report?.errors).toEqual(["packages/x/test/hook.test.ts > orders: setup broke"]);
    const verdict = judge(hooks.report ? [{ ...hooks.report, filtered: true }] : [], [], { ci: false });
    expect(verdict.lines).toContain("  - Vitest: packages/x/test/hook.test.ts > orders: setup broke");
    expect(lastLine(verdict.lines)).toBe("Tests: 0 passed, 2 failed, 1 skipped"); // the error, and no test ran
  });

  it("fails a run that selected no test at all, and one whose runner never reported", () => {
    const none = runFixture("none", ["no-such-file"]);
    expect(none.code).not.toBe(0); // passWithNoTests is off
    const reports = none.report ? [{ ...none.report, filtered: true }] : [];
    const verdict = judge(reports, none.report ? [] : ["Vitest ended without a report (exit code 1)"], { ci: false });
    expect(verdict.ok).toBe(false);
    expect(verdict.lines).toContain("  - no test ran");
    expect(lastLine(verdict.lines)).toMatch(/^Tests: 0 passed, [1-9]\d* failed, 0 skipped$/);

    const browserless = judge(
      full.report ? [{ ...full.report, workspacesWithTests: ["packages/shop"] }] : [],
      ["the browser tests did not run (test:e2e exited with code 1 before Playwright reported)"],
      { ci: false },
    );
    expect(browserless.ok).toBe(false);
    expect(lastLine(browserless.lines)).toBe("Tests: 1 passed, 1 failed, 2 skipped");
  });

  it("counts the money and concurrency files as critical, and not the others", () => {
    const critical = [
      "packages/api/test/concurrency.test.ts",
      "packages/api/test/expire.test.ts",
      "apps/job/test/expire-poison.test.ts",
      "apps/job/test/crash.test.ts",
      "apps/job/test/instances.test.ts",
      "apps/web/e2e/money.spec.ts",
    ];
    const other = [
      "apps/job/test/job.test.ts",
      "apps/web/e2e/order-expiry.spec.ts",
      "packages/api/test/catalog.test.ts",
    ];
    expect(critical.filter((f) => !CRITICAL_FILES.test(f))).toEqual([]);
    expect(other.filter((f) => CRITICAL_FILES.test(f))).toEqual([]);
  });
});
