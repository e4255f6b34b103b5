import path from "node:path";
import { fileURLToPath } from "node:url";

/** packages/db, located from this file so the commands work from any working directory. */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const DEFAULT_SCHEMA_PATH = path.join(packageRoot, "prisma/schema.prisma");
export const DEFAULT_MIGRATIONS_DIR = path.join(packageRoot, "prisma/migrations");

export interface MigrationPaths {
  /** Defaults to packages/db/prisma/migrations. */
  migrationsDir?: string;
  /** Defaults to packages/db/prisma/schema.prisma. */
  schemaPath?: string;
}

export function resolvePaths(paths: MigrationPaths = {}): Required<MigrationPaths> {
  return {
    migrationsDir: path.resolve(paths.migrationsDir ?? DEFAULT_MIGRATIONS_DIR),
    schemaPath: path.resolve(paths.schemaPath ?? DEFAULT_SCHEMA_PATH),
  };
}
