import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseName, pgConfigFromUrl, withDatabaseName } from "./pg-config.ts";

/** SQLSTATEs: the database in the URL does not exist / already exists / unique race in pg_database. */
const INVALID_CATALOG_NAME = "3D000";
const DUPLICATE_DATABASE = "42P04";
const UNIQUE_VIOLATION = "23505";

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Runs `fn` on a short-lived single connection (not a pool: DDL like CREATE DATABASE needs none). */
export async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigFromUrl(databaseUrl));
  // An idle client whose server goes away emits 'error'; without a listener that kills the process.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A connection for server-level DDL (CREATE/DROP DATABASE). Prefers the URL's own database, so a
 * role that may not open `postgres` still works; falls back to `postgres` when the URL's database
 * does not exist yet.
 */
export async function withAdminClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await withClient(databaseUrl, fn);
  } catch (error) {
    if (sqlState(error) !== INVALID_CATALOG_NAME) throw error;
    return withClient(withDatabaseName(databaseUrl, "postgres"), fn);
  }
}

/**
 * Creates the URL's database when it is missing. Two processes may race here, so "already exists"
 * (42P04, or 23505 when both inserts reach pg_database together) counts as success.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  try {
    await withClient(databaseUrl, async () => undefined);
    return false;
  } catch (error) {
    if (sqlState(error) !== INVALID_CATALOG_NAME) throw error;
  }
  return withClient(withDatabaseName(databaseUrl, "postgres"), async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(databaseName(databaseUrl))}`);
      return true;
    } catch (error) {
      const code = sqlState(error);
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  });
}

/** A fresh, uniquely named database on the same server; the caller must drop it. */
export async function createTempDatabase(databaseUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return name;
}

/**
 * WITH (FORCE) (PostgreSQL 13+) terminates sessions still attached to the database; a leaked
 * pool connection must not be able to leave a shadow database behind.
 */
export async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  // A session cannot drop the database it is connected to; go through `postgres` in that case.
  const adminUrl = databaseName(databaseUrl) === name ? withDatabaseName(databaseUrl, "postgres") : databaseUrl;
  await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
