/**
 * `npm run test:mutation [-- <module> ...] [--incremental] [--force] [--mutate=<glob>,...]`:
 * StrykerJS over the money and stock modules (stryker.config.json), with the Vitest runner
 * running tooling/mutation/vitest.config.ts. Modules: order, payment, wallet, inventory, money,
 * invariants (default: all of them). `--incremental` (and `--force`) are Stryker's: only
 * mutants whose code or tests changed since the last run are tested again. `--mutate=` narrows
 * the files mutated (a module's tests are still its own), for a module too big for one sitting.
 * PostgreSQL and Redis as for `npm test` (TEST_PG_URL / REDIS_URL, else throwaway servers).
 * Not part of `npm test`: a full run takes tens of minutes (docs/testing.md has the figures).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
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
  const argv = process.argv.slice(2);
  // `--mutate=<glob>,...` narrows the modules' files (their tests stay those of the modules).
  const narrowed = argv.find((a) => a.startsWith("--mutate="))?.slice("--mutate=".length);
  const flags = argv.filter((a) => a.startsWith("--") && !a.startsWith("--mutate="));
  const asked = argv.filter((a) => !a.startsWith("--"));
  const badFlags = flags.filter((f) => !PASSED_FLAGS.has(f));
  if (badFlags.length > 0)
    throw new Error(`unknown flag(s) ${badFlags.join(", ")}; known: ${[...PASSED_FLAGS].join(", ")}`);
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
  // tooling/mutation/vitest.config.ts adds each module's own test files to the shared ones.
  env.MUTATION_MODULES = asked.join(",");

  // A narrowed run gets its own report and sandbox: two narrowed runs of one module can run
  // at once (a module too big for one sitting, split over the machine's two cores).
  const modules = asked.length > 0 ? [...asked].sort().join("+") : "all";
  const name = narrowed ? `${modules}-${slug(narrowed)}` : modules;
  const args = ["run", await runConfig(name), ...flags];
  if (narrowed) args.push("--mutate", [narrowed, "!**/*.test.ts"].join(","));
  else if (asked.length > 0) {
    const globs = asked.map((m) => MODULES[m] ?? "");
    args.push("--mutate", [...globs, "!**/*.test.ts"].join(","));
  }
  info(`mutation testing: ${asked.length > 0 ? asked.join(", ") : "all modules"} (report: reports/mutation/${name}/)`);
  const stryker = spawnManaged("stryker", binPath("stryker"), args, { cwd: repoRoot, env, prefix: false });
  const status = await stryker.exited;
  await stryker.outputDone;
  return shutdown(status.code ?? 1);
}

const PASSED_FLAGS = new Set(["--incremental", "--force"]);

/** `packages/api/src/order/{close,view}.ts` → `close-view`: the files' names, for a folder. */
function slug(globs: string): string {
  const names = globs
    .split(",")
    .map((g) => path.basename(g).replace(/\.ts$/, ""))
    .join("-");
  return (
    names
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "narrowed"
  );
}

/**
 * stryker.config.json with this run's own sandbox, reports and incremental file (per module
 * set), so that two modules can run at once without one run deleting the other's sandbox
 * (Stryker removes its whole temp dir at the end) and each module's incremental results survive
 * runs of the others. Written under reports/ (git-ignored).
 */
async function runConfig(name: string): Promise<string> {
  const base = JSON.parse(await readFile(path.join(repoRoot, "stryker.config.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const dir = path.join("reports", "mutation", name);
  await mkdir(path.join(repoRoot, dir), { recursive: true });
  const config = {
    ...base,
    $schema: undefined,
    tempDirName: `.stryker-tmp-${name}`,
    incrementalFile: path.join(dir, "incremental.json"),
    jsonReporter: { fileName: path.join(dir, "mutation.json") },
    htmlReporter: { fileName: path.join(dir, "mutation.html") },
    // One JSON file per mutant as soon as it is tested (events/*-onMutantTested.json): a long
    // run's survivors can be read, and worked on, before it ends.
    reporters: [...((base.reporters as string[] | undefined) ?? []), "event-recorder"],
    eventReporter: { baseDir: path.join(dir, "events") },
  };
  const file = path.join(dir, "stryker.config.json");
  await writeFile(path.join(repoRoot, file), `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
