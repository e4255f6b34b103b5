import { createTempDatabase, dropDatabase } from "./admin.ts";
import { withSchemaEngine, type SchemaEngine } from "./engine.ts";
import { withDatabaseName } from "./pg-config.ts";

/**
 * A schema engine whose main database is a throw-away one on the same server as `databaseUrl`.
 * For commands that compare the migrations folder with schema.prisma: they must give the same
 * answer whatever state the developer's database is in, and must not create or change it.
 */
export async function withScratchEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const scratch = await createTempDatabase(databaseUrl, "prisma_migrate_scratch");
  try {
    return await withSchemaEngine(withDatabaseName(databaseUrl, scratch), fn);
  } finally {
    await dropDatabase(databaseUrl, scratch);
  }
}
