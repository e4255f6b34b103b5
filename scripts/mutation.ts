/**
 * `npm run test:mutation [-- <module> ...]`: StrykerJS over the money and stock modules
 * (stryker.config.json), with the Vitest runner running tooling/mutation/vitest.config.ts.
 * Modules: order, payment, wallet, inventory, money, invariants (default: all of them).
 * PostgreSQL and Redis as for `npm test` (TEST_PG_URL / REDIS_URL, else throwaway servers).
 * Not part of `npm test`: a full run takes tens of minutes (docs/testing.md has the figures).
 */
import { ensureRedis, ensureTestPostgres } from "./lib/infra.ts";
import { fail, info } from "./lib/log.ts";
import { binPath, repoRoot } from "./lib/paths.ts";
import { spawnManaged } from "./lib/processes.ts";
import { installShutdownHandlers, onShutdown, shutdown } from "./lib/shutdown.ts";

const MODULES: Record<string, string> = {
  order: "packages/api/src/order/**/*.ts",
  payment: "packages/api/src/payment/**/*.ts",
  wallet: "packages/api/src/wallet/**/*.ts",
  inventory: "packages/api/src/inventory/**/*.ts",
  money: "packages/api/src/money/**/*.ts",
  invariants: "packages/api/src/risk/invariants.ts",
};

async function main(): Promise<never> {
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });
  const asked = process.argv.slice(2);
  const unknown = asked.filter((m) => !(m in MODULES));
  if (unknown.length > 0)
    throw new Error(`unknown module(s) ${unknown.join(", ")}; known: ${Object.keys(MODULES).join(", ")}`);

  const postgres = await ensureTestPostgres();
  onShutdown("PostgreSQL", () => postgres.stop());
  const redis = await ensureRedis();
  if (redis) onShutdown("Redis", () => redis.stop());
  const env: NodeJS.ProcessEnv = { ...process.env, TEST_PG_URL: postgres.url };
  if (redis) env.REDIS_URL = redis.url;
  else delete env.REDIS_URL;

  const args = ["run", "stryker.config.json"];
  if (asked.length > 0) {
    const globs = asked.map((m) => MODULES[m] ?? "");
    args.push("--mutate", [...globs, "!**/*.test.ts"].join(","));
  }
  info(`mutation testing: ${asked.length > 0 ? asked.join(", ") : "all modules"} (report: reports/mutation/)`);
  const stryker = spawnManaged("stryker", binPath("stryker"), args, { cwd: repoRoot, env, prefix: false });
  const status = await stryker.exited;
  await stryker.outputDone;
  return shutdown(status.code ?? 1);
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
