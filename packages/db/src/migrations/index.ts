export { applyMigrations, type ApplyOptions } from "./apply.ts";
export { createMigration } from "./create.ts";
export { checkDrift } from "./drift.ts";
export { ensureDatabase, dropDatabase } from "./admin.ts";
export { MIGRATION_LOCK_KEY } from "./advisory-lock.ts";
export { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, type MigrationPaths } from "./paths.ts";
export { withDatabaseName, databaseName } from "./pg-config.ts";
export { lastEnginePanic } from "./engine.ts";
