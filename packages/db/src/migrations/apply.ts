import { ensureDatabase } from "./admin.ts";
import { withAdvisoryLock } from "./advisory-lock.ts";
import { withSchemaEngine } from "./engine.ts";
import { readMigrationsList } from "./files.ts";
import { resolvePaths, type MigrationPaths } from "./paths.ts";

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface ApplyOptions extends MigrationPaths {
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

/**
 * `prisma migrate deploy`: applies the migrations that `_prisma_migrations` does not list yet, in
 * name order, never generating anything. Safe to run repeatedly and concurrently: runs are
 * serialised by an advisory lock, and the one that waited then finds nothing left to apply.
 */
export async function applyMigrations(databaseUrl: string, options: ApplyOptions = {}): Promise<{ applied: string[] }> {
  const { migrationsDir } = resolvePaths(options);
  await ensureDatabase(databaseUrl);
  return withAdvisoryLock(
    databaseUrl,
    async () => {
      // Read the folder under the lock so the history we apply is the one we hold the lock for.
      const migrationsList = await readMigrationsList(migrationsDir);
      const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, (engine) =>
        engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
      );
      return { applied: appliedMigrationNames };
    },
    { timeoutMs: options.lockTimeoutMs },
  );
}
