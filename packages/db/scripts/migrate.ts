/**
 * Migrations without Prisma's native schema engine (it cannot be downloaded offline); the WASM
 * engine does the work, see src/migrations.
 *
 *   tsx scripts/migrate.ts deploy        apply pending migrations (creates the database if missing)
 *   tsx scripts/migrate.ts new <name>    write prisma/migrations/<timestamp>_<name> from schema.prisma
 *   tsx scripts/migrate.ts drift         exit 2 if the migrations do not produce schema.prisma
 */
import path from "node:path";
import { applyMigrations, checkDrift, createMigration, lastEnginePanic } from "../src/migrations/index.ts";

const USAGE = "usage: migrate.ts deploy | new <name> | drift";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "deploy" && command !== "new" && command !== "drift") {
    console.error(USAGE);
    return 64;
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("migrate: DATABASE_URL is not set (e.g. postgresql://user:pass@127.0.0.1:5432/trade)");
    return 1;
  }
  const started = performance.now();
  const took = () => `${Math.round(performance.now() - started)} ms`;

  if (command === "deploy") {
    const { applied } = await applyMigrations(databaseUrl);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s) in ${took()}:\n  ${applied.join("\n  ")}`
        : `No pending migrations (${took()}).`,
    );
    return 0;
  }
  if (command === "new") {
    const name = rest.join(" ").trim();
    if (!name) {
      console.error("migrate: give the new migration a name, e.g. `npm run migrate:new -w @trade/db -- add_orders`");
      return 64;
    }
    const dir = await createMigration(databaseUrl, name);
    console.log(
      dir
        ? `Created ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}`
        : "schema.prisma and the migrations already match; nothing to create.",
    );
    return 0;
  }
  const { drift, script } = await checkDrift(databaseUrl);
  if (!drift) {
    console.log("No drift: the migrations produce schema.prisma.");
    return 0;
  }
  console.log(`Drift: the migrations differ from schema.prisma. Missing SQL:\n${script}`);
  return 2;
}

// A Rust panic inside the engine escapes as an uncaught "RuntimeError: unreachable"; say what it was.
process.on("uncaughtException", (error) => {
  console.error(`migrate: schema engine crashed: ${lastEnginePanic() ?? error.message}`);
  process.exit(70);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`migrate: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.TRADE_MIGRATE_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  },
);
