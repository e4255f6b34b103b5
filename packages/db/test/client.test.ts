import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb({ url: database.url, DB_LOCK_TIMEOUT_MS: 1234 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("createDb", () => {
  it("pins READ COMMITTED and the lock timeout on every session, inside transactions too", async () => {
    const [row] = await db.$transaction(
      (tx) =>
        tx.$queryRaw<
          { iso: string; lock: string }[]
        >`SELECT current_setting('transaction_isolation') AS iso, current_setting('lock_timeout') AS lock`,
    );
    expect(row).toEqual({ iso: "read committed", lock: "1234ms" });
    // Set by this client at connection time, not inherited from the server's configuration.
    const [setting] = await db.$queryRaw<
      { source: string }[]
    >`SELECT source FROM pg_settings WHERE name = 'default_transaction_isolation'`;
    expect(setting?.source).toBe("client");
  });
});
