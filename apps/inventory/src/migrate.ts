import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations } from "@trade/db/migrations";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The inventory database's own schema and migrations (apps/inventory/prisma). */
export const INVENTORY_MIGRATIONS = {
  schemaPath: path.join(root, "prisma/schema.prisma"),
  migrationsDir: path.join(root, "prisma/migrations"),
};

/**
 * Creates the database if needed and applies the pending migrations, through the same WASM
 * engine path as the order database. Advisory-locked (`applyMigrations`): two instances starting
 * together migrate once, the second waits and finds nothing left.
 */
export function migrateInventory(databaseUrl: string): Promise<{ applied: string[] }> {
  return applyMigrations(databaseUrl, INVENTORY_MIGRATIONS);
}
