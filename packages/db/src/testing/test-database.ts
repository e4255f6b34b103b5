import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, withDatabaseName } from "../migrations/index.ts";
import { testServerUrl } from "./server-url.ts";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated database for one test file. The migrations are applied once per
 * migrations-content hash into a template database; each test file then gets a cheap
 * `CREATE DATABASE ... TEMPLATE` copy, so files run in parallel without sharing state.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = await testServerUrl();
  const template = await ensureTemplate(server);
  const name = `trade_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await withServer(server, async (client) => {
    // CREATE DATABASE ... TEMPLATE fails if anyone is connected to the template; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        if (attempt > 50 || (error as { code?: string }).code !== "55006") throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  const url = withDatabaseName(server, name);
  return {
    url,
    name,
    drop: () =>
      withServer(server, async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

async function ensureTemplate(server: string): Promise<string> {
  const hash = await migrationsHash();
  const template = `trade_tpl_${hash}`;
  return withServer(server, async (client) => {
    // One process builds the template; the others wait on the same advisory lock.
    await client.query("SELECT pg_advisory_lock(7324581)");
    try {
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_build_${randomBytes(3).toString("hex")}`;
        await applyMigrations(withDatabaseName(server, building));
        await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      }
      return template;
    } finally {
      await client.query("SELECT pg_advisory_unlock(7324581)");
    }
  });
}

async function migrationsHash(): Promise<string> {
  const hash = createHash("sha256");
  const dirs = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const dir of dirs)
    hash.update(dir).update(await readFile(path.join(DEFAULT_MIGRATIONS_DIR, dir, "migration.sql")));
  return hash.digest("hex").slice(0, 12);
}

async function withServer<T>(server: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
