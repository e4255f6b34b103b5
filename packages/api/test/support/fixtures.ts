// The shared fixtures live in @trade/api/testing (apps/job's tests use them too); re-exported
// here for this package's tests.
export {
  codeOf,
  dropUnitsLimit,
  fundedMember,
  key,
  makeDue,
  placeLines,
  refusalOf,
  registerStock,
  stockedSku,
  walletAccountOf,
} from "../../src/testing/index.ts";
