import { NO_FILTERS } from "./apply.ts";
import { readMigrationsList, readSchema } from "./files.ts";
import { resolvePaths, type MigrationPaths } from "./paths.ts";
import { withScratchEngine } from "./scratch.ts";

/**
 * Do the migrations still produce what schema.prisma describes? Replays them in a shadow
 * database and asks the engine for the SQL that would turn that into the schema. `script` is that
 * SQL (empty when there is no drift), i.e. what `migrate:new` would write.
 *
 * Hand-written extras in migrations (CHECK constraints, triggers, functions, partial indexes) do
 * not count: Prisma's schema language cannot describe them and the engine leaves them out of
 * the comparison. `databaseUrl` only names the server; its database is not touched.
 */
export async function checkDrift(
  databaseUrl: string,
  options: MigrationPaths = {},
): Promise<{ drift: boolean; script: string }> {
  const { migrationsDir, schemaPath } = resolvePaths(options);
  const [migrationsList, schema] = await Promise.all([readMigrationsList(migrationsDir), readSchema(schemaPath)]);
  const result = await withScratchEngine(databaseUrl, (engine) =>
    engine.diff({
      // The engine refuses a migrations source without migration_lock.toml; no history is "empty".
      from: migrationsList.migrationDirectories.length ? { tag: "migrations", ...migrationsList } : { tag: "empty" },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      // With exitCode the engine reports "non-empty diff" as 2, independent of the script's wording.
      exitCode: true,
      filters: NO_FILTERS,
    }),
  );
  const drift = result.exitCode === 2;
  return { drift, script: drift ? (result.stdout ?? "").trim() : "" };
}
