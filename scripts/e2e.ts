/**
 * `npm run test:e2e`: the Playwright suites in apps/<app>/e2e, one app after the other, each with
 * the app's own playwright.config.ts (which starts the servers it needs).
 * Nothing to run yet: with no test files this prints so and exits 0.
 * Browsers: Debian's Chromium (/usr/bin/chromium, installed by .ci/run); Playwright cannot
 * download its own here.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { findE2eTests } from "./lib/e2e-tests.ts";
import { fail, info } from "./lib/log.ts";
import { runStep } from "./lib/processes.ts";
import { installShutdownHandlers, shutdown } from "./lib/shutdown.ts";

async function main(): Promise<never> {
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });
  const suites = findE2eTests();
  if (suites.length === 0) {
    info("e2e: no Playwright tests in apps/*/e2e yet; nothing to run");
    return shutdown(0);
  }
  let code = 0;
  for (const suite of suites) {
    let cli: string;
    try {
      cli = createRequire(path.join(suite.dir, "package.json")).resolve("@playwright/test/cli");
    } catch {
      throw new Error(`apps/${suite.app}/e2e has tests but @playwright/test is not installed (npm install -D -w apps/${suite.app} @playwright/test)`);
    }
    info(`e2e: ${suite.app} (${suite.files.length} file(s))`);
    const result = await runStep(`e2e:${suite.app}`, process.execPath, [cli, "test", ...process.argv.slice(2)], {
      cwd: suite.dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stopSignal: "SIGINT",
    });
    if (result !== 0) code = result;
  }
  return shutdown(code);
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
