import { defineConfig } from "vitest/config";

// The tests Stryker runs against each mutant of the money and stock modules (`npm run
// test:mutation`): the unit tests next to those modules and the integration tests that drive
// them through the routers against real PostgreSQL and Redis. Not the whole suite: every file
// here is re-run for each mutant it covers, and the machine is shared.
export default defineConfig({
  test: {
    include: [
      "packages/api/src/money/**/*.test.ts",
      "packages/api/test/order-flow.test.ts",
      "packages/api/test/concurrency.test.ts",
      "packages/api/test/payment-statement.test.ts",
      "packages/api/test/placement-statement.test.ts",
      "packages/api/test/sold-out.test.ts",
      "packages/api/test/database-defences.test.ts",
      "packages/api/test/validation.test.ts",
      // Scoped lookups (by id AND owner): a mutant dropping the owner is caught here.
      "packages/api/test/authorization.test.ts",
    ],
    exclude: ["**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
