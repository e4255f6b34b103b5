/**
 * A Vitest reporter (added next to the default one by scripts/test.ts) that writes every test's
 * outcome as a RunnerReport to the file named by TRADE_VITEST_REPORT. Vitest's own JSON reporter
 * cannot tell a test that passed on retry from one that passed at once; `diagnostic().flaky` can.
 */
import { writeFileSync } from "node:fs";
import type { Reporter, TestModule, TestSpecification, Vitest } from "vitest/node";
import { relativeTo, workspaceOf, type RunnerReport, type TestOutcome } from "./test-results.ts";

export default class VerdictReporter implements Reporter {
  private root = process.cwd();
  /** Every file the configuration includes, before any filter given on the command line. */
  private everyFile: Promise<string[]> = Promise.resolve([]);

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.everyFile = vitest
      .globTestSpecifications()
      .then((specs: TestSpecification[]) => specs.map((spec) => spec.moduleId))
      .catch(() => []);
  }

  async onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<{ message?: string; name?: string }>,
  ): Promise<void> {
    const target = process.env.TRADE_VITEST_REPORT;
    if (!target) return;
    const tests: TestOutcome[] = [];
    const errors: string[] = [];
    for (const module of modules) {
      const file = relativeTo(this.root, module.moduleId);
      // A failed beforeAll / afterAll belongs to its suite (its tests then read "skipped").
      for (const error of module.errors()) errors.push(`${file}: ${error.message ?? error.name ?? "error"}`);
      for (const suite of module.children.allSuites())
        for (const error of suite.errors())
          errors.push(`${file} > ${suite.fullName}: ${error.message ?? error.name ?? "error"}`);
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const status =
          state === "passed"
            ? test.diagnostic()?.flaky
              ? "flaky"
              : "passed"
            : state === "failed"
              ? "failed"
              : "skipped";
        // A test still "pending" at the end did not finish (run cancelled): not a pass.
        tests.push({
          workspace: workspaceOf(file),
          file,
          name: test.fullName,
          status: state === "pending" ? "failed" : status,
        });
      }
    }
    for (const error of unhandledErrors) errors.push(`unhandled error: ${error.message ?? error.name ?? "unknown"}`);
    const workspacesWithTests = [...new Set((await this.everyFile).map((f) => workspaceOf(relativeTo(this.root, f))))];
    const report: RunnerReport = { runner: "vitest", tests, workspacesWithTests: workspacesWithTests.sort(), errors };
    writeFileSync(target, JSON.stringify(report));
  }
}
