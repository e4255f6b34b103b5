export { createTestApp, type TestApp, type TestUser } from "./test-app.ts";
export { useStarted, useTestApp } from "./use-test-app.ts";
export {
  dropUnitsLimit,
  fundedMember,
  key,
  makeDue,
  placeLines,
  registerStock,
  stockedSku,
  walletAccountOf,
} from "./fixtures.ts";
export { withRedis } from "./redis.ts";
export { codeOf, refusalOf } from "./codes.ts";
// The coordinator's steps, for tests that stop a placement half-way (a crash between Try and its local transaction).
export { beginGlobalTx, txIdFor } from "../coordinator/log.ts";
export { guardInventory } from "../coordinator/breaker.ts";
