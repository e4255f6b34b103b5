import { NO_FILTERS } from "./apply.ts";
import { readMigrationsList, readSchema, writeMigration } from "./files.ts";
import { resolvePaths, type MigrationPaths } from "./paths.ts";
import { withScratchEngine } from "./scratch.ts";

/**
 * `prisma migrate dev --create-only`: works out what schema.prisma changes relative to the
 * migrations folder and writes that as a new migration directory (with Prisma's data-loss warnings
 * on top). Returns the new directory, or null if the migrations already match the schema.
 *
 * `databaseUrl` only names the server and credentials: the work happens in two throw-away
 * databases created next to it, so the developer's database is never read or changed.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  options: MigrationPaths = {},
): Promise<string | null> {
  const { migrationsDir, schemaPath } = resolvePaths(options);
  const migrationName = normaliseName(name);
  const [migrationsList, schema] = await Promise.all([readMigrationsList(migrationsDir), readSchema(schemaPath)]);
  const output = await withScratchEngine(databaseUrl, async (engine) => {
    // The WASM engine's createMigration is not handed the shadow-database factory: it fails with
    // "PostgreSQL shadow DB must be provided through an external factory" unless the schema of
    // the whole migration history is already in the engine's cache. Prisma's own `migrate dev`
    // gets it there by applying the history to the dev database and then diagnosing it (which
    // replays the *applied* migrations in a shadow database and caches the result). We do the
    // same, on the scratch database instead of the developer's.
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: true, filters: NO_FILTERS });
    return engine.createMigration({ draft: false, migrationName, migrationsList, schema, filters: NO_FILTERS });
  });
  if (output.migrationScript === null) return null;
  return writeMigration({
    baseDir: migrationsList.baseDir,
    name: output.generatedMigrationName,
    extension: output.extension,
    script: output.migrationScript,
    provider: output.connectorType,
  });
}

/** Directory names end up in git and in `_prisma_migrations`; keep them boring. */
function normaliseName(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 100);
  if (!slug) throw new Error("Migration name must contain letters or digits");
  return slug;
}
