import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, isRetryableDbError, pgErrorCode, type Db } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb({ url: database.url, DB_POOL_SIZE: 4 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** Real failures as Prisma 7 delivers them: a raw query that fails is P2010 around the SQLSTATE. */
describe("pgErrorCode", () => {
  it("finds the SQLSTATE of a failed raw query, not Prisma's P2010", async () => {
    const error = await errorOf(db.$queryRaw`SELECT 1 / 0`);
    expect((error as { code?: unknown }).code).toBe("P2010");
    expect(pgErrorCode(error)).toBe("22012");
    expect(isRetryableDbError(error)).toBe(false);
  });

  it("classifies a lock timeout inside an interactive transaction as retryable", async () => {
    await db.$executeRaw`CREATE TABLE IF NOT EXISTS t_lock (id int PRIMARY KEY)`;
    await db.$executeRaw`INSERT INTO t_lock VALUES (1) ON CONFLICT DO NOTHING`;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM t_lock WHERE id = 1 FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 20_000 },
    );
    await isLocked;
    const error = await errorOf(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL lock_timeout = '50ms'`;
        await tx.$queryRaw`SELECT id FROM t_lock WHERE id = 1 FOR UPDATE`;
      }),
    );
    release();
    await holder;
    expect(pgErrorCode(error)).toBe("55P03");
    expect(isRetryableDbError(error)).toBe(true);
  });

  it("keeps PostgreSQL's own P0xxx codes (PL/pgSQL RAISE), which look like Prisma's", async () => {
    const error = await errorOf(db.$executeRaw`DO $$ BEGIN RAISE EXCEPTION 'no'; END $$`);
    expect(pgErrorCode(error)).toBe("P0001");
  });
});
