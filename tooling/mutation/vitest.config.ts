import { defineConfig } from "vitest/config";

// The tests Stryker runs against each mutant of the money and stock modules (`npm run
// test:mutation`): the unit tests next to those modules and the integration tests that drive
// them through the routers against real PostgreSQL and Redis. Not the whole suite: every file
// here is re-run for each mutant it covers, and the machine is shared.
const shared = [
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
];

// Per module, the files that test it directly on top of the shared ones. Added only for the
// module they test: a mutant of post-journal.ts (which every deposit runs) that survives is
// re-run against every file covering it, so a file that cannot kill it only costs time.
const perModule: Record<string, string[]> = {
  // Each check's report (which row, both figures), on books broken by raw SQL.
  // Remote inventory mode's checks (checkInvariants with `remote`).
  invariants: ["packages/api/test/invariants.test.ts", "packages/api/test/remote-periphery.test.ts"],
  wallet: [
    // Replays field by field, every refusal's code and details.
    "packages/api/test/wallet-answers.test.ts",
    "packages/api/test/withdrawal-approval.test.ts",
    "packages/api/test/balance-cache.test.ts",
    "packages/api/test/balance-limits.test.ts",
    "packages/api/test/frozen.test.ts",
    "packages/api/test/listing-and-currency.test.ts",
    // The currency list's order, its rows' shape and its 5-second cache.
    "packages/api/test/currency-list.test.ts",
    // The ledger and withdrawals lists field by field, one currency, keyset pages.
    "packages/api/test/wallet-listing.test.ts",
    // The guards only broken books reach (a missing cash account, an unbalanced journal).
    "packages/api/test/wallet-guards.test.ts",
  ],
  inventory: [
    // The unit caps (STOCK_LIMIT on a change and on the SKU's total), flash-sale buckets (a
    // stock change landing in them, the claim's retries, consolidation), the handover of stock
    // to the inventory service and remote mode's stock readers.
    "packages/api/test/limits.test.ts",
    "packages/api/test/flash-sale.test.ts",
    "packages/api/test/handover.test.ts",
    "packages/api/test/remote-periphery.test.ts",
    // Mode switches figure by figure and bucket by bucket; the service's own bucket bound.
    "packages/api/test/flash-mode-switch.test.ts",
    // A hold settled short of whole throws (its guard, reached on books broken by hand).
    "packages/api/test/settle-guard.test.ts",
    // The three stock readers (row plus buckets) on a flash SKU next to a normal one.
    "packages/api/test/stock-figures.test.ts",
    // Remote mode's stock changes against a scripted service: registration, ownership, retries.
    "packages/api/test/remote-stock.test.ts",
    // The flash-sale retry loop's branches (wait, rebalance, refuse, give up), scripted.
    "packages/api/src/inventory/**/*.test.ts",
  ],
  payment: [
    // Paying in a switched-off currency (the early check and the statement's own).
    "packages/api/test/listing-and-currency.test.ts",
    // The merchant's cached balances retired before the commit and after it.
    "packages/api/test/balance-cache.test.ts",
    // Remote mode: the Confirm after the commit, the log row CONFIRMING then CONFIRMED.
    "packages/api/test/tcc.test.ts",
  ],
  order: [
    // The placed, cancelled and expired answers field by field; refusals only a direct call
    // reaches; concurrent duplicates forced through the "nothing written" lookup.
    "packages/api/test/order-answers.test.ts",
    // Remote mode's cancel and expiry settle the log row before answering; a transient expiry
    // failure is rethrown, not quarantined. The flash-sale refusals' BUSY mapping.
    "packages/api/test/order-close-remote.test.ts",
    "packages/api/src/order/place-outcome.test.ts",
    "packages/api/test/hold-limits.test.ts",
    "packages/api/test/flash-sale.test.ts",
    "packages/api/test/placement-plan.test.ts",
    // The buyer's and the merchant's order lists: owner, status, dates, keyset pages.
    "packages/api/test/order-listing.test.ts",
    // One order's view field by field (scale 0, lines by SKU id, each closing's date).
    "packages/api/test/order-views.test.ts",
    // Which failures set an order aside (real SQLSTATEs) and what setting it aside writes.
    "packages/api/test/expiry-quarantine.test.ts",
    // Cancel and expiry invalidate the buyer's cached balances.
    "packages/api/test/balance-cache.test.ts",
    "packages/api/test/listing-and-currency.test.ts",
  ],
};

// scripts/mutation.ts names the modules of the run (MUTATION_MODULES=wallet,order); none: all.
const asked = (process.env.MUTATION_MODULES ?? "").split(",").filter(Boolean);
const extra = (asked.length > 0 ? asked : Object.keys(perModule)).flatMap((m) => perModule[m] ?? []);

export default defineConfig({
  test: {
    include: [...new Set([...shared, ...extra])],
    exclude: ["**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
