import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, isRetryableDbError, pgErrorCode, type Db } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

// runTx retries a transaction on deadlock, serialization failure and lock timeout. The hot paths
// run raw statements ($queryRaw) inside interactive transactions, whose errors carry Prisma's
// P2010 on top and the SQLSTATE underneath: the classification must find the SQLSTATE.
let database: TestDatabase;
let holder: Db;
let waiter: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  holder = createDb({ url: database.url, DB_POOL_SIZE: 1 });
  waiter = createDb({ url: database.url, DB_POOL_SIZE: 1, DB_LOCK_TIMEOUT_MS: 100 });
  await holder.$executeRaw`CREATE TABLE lock_probe (id int PRIMARY KEY)`;
  await holder.$executeRaw`INSERT INTO lock_probe VALUES (1)`;
});
afterAll(async () => {
  await holder?.$disconnect();
  await waiter?.$disconnect();
  await database?.drop();
});

describe("isRetryableDbError", () => {
  it("classifies a lock timeout of a raw query inside a transaction as retryable (55P03)", async () => {
    let release = () => undefined as void;
    let locked = () => undefined as void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = holder.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`;
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    let caught: unknown;
    try {
      await waiter.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE`;
      });
    } catch (error) {
      caught = error;
    } finally {
      release();
      await held;
    }
    expect(pgErrorCode(caught)).toBe("55P03");
    expect(isRetryableDbError(caught)).toBe(true);
  });

  it("does not retry an ordinary error of a raw query", async () => {
    let caught: unknown;
    try {
      await waiter.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 / 0`;
      });
    } catch (error) {
      caught = error;
    }
    expect(pgErrorCode(caught)).toBe("22012");
    expect(isRetryableDbError(caught)).toBe(false);
  });
});
