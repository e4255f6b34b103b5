import { defineConfig } from "vitest/config";

const ci = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

// One Vitest run for the whole repo (`npm test` starts PostgreSQL/Redis first and passes
// TEST_PG_URL / REDIS_URL). Integration tests live in each package's test/ folder; pure-logic
// tests may sit next to the code as *.test.ts; the repo scripts' tests in scripts/test/.
// Browser tests are Playwright's (apps/*/e2e).
export default defineConfig({
  test: {
    include: [
      "tooling/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "packages/*/src/**/*.test.ts",
      "apps/job/test/**/*.test.ts",
      "apps/job/src/**/*.test.ts",
      "apps/payment/test/**/*.test.ts",
      "apps/inventory/test/**/*.test.ts",
      "apps/web/src/**/*.test.ts",
      "apps/admin/src/**/*.test.ts",
      "scripts/test/**/*.test.ts",
    ],
    exclude: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "packages/db/src/generated/**",
      // Tests about the test runner: a small repo of their own, run by scripts/test/verdict.test.ts.
      "scripts/test/fixtures/**",
    ],
    // Separate processes: tests hold database pools and native modules (argon2).
    pool: "forks",
    fileParallelism: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A run that selects no test is a failure (a typo in a filter must not read green).
    passWithNoTests: false,
    // In CI a failed test gets one more try; one that then passes is reported as flaky by
    // `npm test` (scripts/lib/verdict.ts), and fails CI if it is about money or concurrency.
    retry: ci ? 1 : 0,
  },
});
