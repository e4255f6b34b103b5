import { defineConfig } from "vitest/config";

// One Vitest run for the whole repo (`npm test` starts PostgreSQL/Redis first and passes
// TEST_PG_URL / REDIS_URL). Integration tests live in each package's test/ folder; pure-logic
// tests may sit next to the code as *.test.ts. Browser tests are Playwright's (apps/*/e2e).
export default defineConfig({
  test: {
    include: [
      "tooling/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "packages/*/src/**/*.test.ts",
      "apps/job/test/**/*.test.ts",
      "apps/job/src/**/*.test.ts",
      "apps/web/src/**/*.test.ts",
      "apps/admin/src/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/.next/**", "**/dist/**", "packages/db/src/generated/**"],
    // Separate processes: tests hold database pools and native modules (argon2).
    pool: "forks",
    fileParallelism: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // While the suites are being written an empty run is not a failure.
    passWithNoTests: true,
  },
});
