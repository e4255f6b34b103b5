import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, isDatabaseUnavailableError, type Db } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

// What a PostgreSQL failover looks like from the apps: the server kills the session, or a
// not-yet-promoted standby refuses writes. Those must be told apart from real query errors, which
// stay 500s (or domain errors) instead of a retryable 503.
let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb({ url: database.url, DB_POOL_SIZE: 2 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("isDatabaseUnavailableError", () => {
  it("is true for a write refused as read-only (a standby before promotion), inside a transaction", async () => {
    const error = await errorOf(() =>
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET TRANSACTION READ ONLY");
        await tx.$queryRaw`SELECT id FROM users LIMIT 1 FOR NO KEY UPDATE`;
      }),
    );
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it("is true for a session the server terminated (the primary going away)", async () => {
    const error = await errorOf(() =>
      db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`;
      }),
    );
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it("is true for a refused connection", async () => {
    const dead = createDb({ url: "postgresql://postgres@127.0.0.1:1/none", DB_CONNECT_TIMEOUT_MS: 500 });
    try {
      const error = await errorOf(() => dead.$queryRaw`SELECT 1`);
      expect(isDatabaseUnavailableError(error)).toBe(true);
    } finally {
      await dead.$disconnect();
    }
  });

  it("is true for node-postgres' error on a client whose connection already broke", () => {
    expect(
      isDatabaseUnavailableError(new Error("Client has encountered a connection error and is not queryable")),
    ).toBe(true);
  });

  it("is false for ordinary query errors (they must not be retried as an outage)", async () => {
    const divide = await errorOf(() => db.$queryRaw`SELECT 1 / 0`);
    const constraint = await errorOf(() => db.$executeRaw`INSERT INTO currencies (code) VALUES (NULL)`);
    expect(isDatabaseUnavailableError(divide)).toBe(false);
    expect(isDatabaseUnavailableError(constraint)).toBe(false);
    expect(isDatabaseUnavailableError(new Error("boom"))).toBe(false);
  });
});
