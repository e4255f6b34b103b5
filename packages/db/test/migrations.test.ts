import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyMigrations,
  checkDrift,
  databaseName,
  DEFAULT_MIGRATIONS_DIR,
  dropDatabase,
  withDatabaseName,
} from "../src/migrations/index.ts";
import { testServerUrl } from "../src/testing/server-url.ts";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TIMEOUT = 60_000;

/** Every test gets its own database (created by applyMigrations itself), dropped afterwards. */
const created: string[] = [];
async function scratchDatabaseUrl(): Promise<string> {
  const name = `trade_migtest_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = withDatabaseName(await testServerUrl(), name);
  created.push(url);
  return url;
}

afterEach(async () => {
  const urls = created.splice(0);
  await Promise.all(urls.map((url) => dropDatabase(url, databaseName(url))));
});

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function appliedRows(url: string): Promise<Array<{ migration_name: string; count: number }>> {
  return query(
    url,
    `SELECT migration_name, count(*)::int AS count FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      GROUP BY migration_name ORDER BY migration_name`,
  );
}

/** A throw-away migrations folder: { "<dir name>": "<migration.sql>" }. */
async function migrationsFolder(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "trade-migrations-"));
  await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

/** `npm run migrate` as a separate process, to prove the lock works across processes too. */
function deployInChildProcess(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/migrate.ts", "deploy"], {
      cwd: packageRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("migrations (WASM schema engine)", () => {
  it("applies every migration to a fresh database, then nothing on the second run", { timeout: TIMEOUT }, async () => {
    const url = await scratchDatabaseUrl();
    const names = await migrationNames();
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations(url)).toEqual({ applied: names });
    expect(await applyMigrations(url)).toEqual({ applied: [] });
    expect(await appliedRows(url)).toEqual(names.map((migration_name) => ({ migration_name, count: 1 })));
  });

  it(
    "two concurrent applies on a fresh database both succeed and record each migration once",
    { timeout: TIMEOUT },
    async () => {
      const url = await scratchDatabaseUrl();
      const names = await migrationNames();

      const results = await Promise.all([applyMigrations(url), applyMigrations(url)]);

      // Serialised by the advisory lock: one run applies everything, the other finds nothing to do.
      expect(results.map((result) => result.applied.length).sort()).toEqual([0, names.length]);
      expect(await appliedRows(url)).toEqual(names.map((migration_name) => ({ migration_name, count: 1 })));
    },
  );

  it("two concurrent `migrate deploy` processes on a fresh database both succeed", { timeout: TIMEOUT }, async () => {
    const url = await scratchDatabaseUrl();
    const names = await migrationNames();

    const runs = await Promise.all([deployInChildProcess(url), deployInChildProcess(url)]);

    for (const run of runs) expect(run, run.output).toMatchObject({ code: 0 });
    expect(await appliedRows(url)).toEqual(names.map((migration_name) => ({ migration_name, count: 1 })));
  });

  it("the migrations produce exactly schema.prisma (no drift)", { timeout: TIMEOUT }, async () => {
    const url = await scratchDatabaseUrl();
    expect(await checkDrift(url)).toEqual({ drift: false, script: "" });
  });

  // PrismaPg's own executeScript splits scripts on every ";" (even inside comments and $$ bodies)
  // and runs the pieces one by one: this guards our replacement.
  it(
    "runs each migration as one script: $$ bodies work, a failing migration leaves nothing behind",
    { timeout: TIMEOUT },
    async () => {
      const url = await scratchDatabaseUrl();
      const dir = await migrationsFolder({
        "20000101000000_function": `-- a comment; with a semicolon
CREATE TABLE "t" ("id" int);
CREATE FUNCTION "noop"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1;
  RETURN NEW;
END $$;
`,
        "20000101000001_broken": `CREATE TABLE "half" ("id" int);
CREATE TABLE "broken" ("id" int;
`,
      });
      try {
        await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20000101000001_broken/);
        const tables = await query<{ tablename: string }>(
          url,
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
        );
        expect(tables.map((row) => row.tablename)).toEqual(["_prisma_migrations", "t"]);
        expect(await query(url, "SELECT proname FROM pg_proc WHERE proname = 'noop'")).toHaveLength(1);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
