import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseName, dropDatabase, withDatabaseName } from "@trade/db/migrations";
import { testServerUrl } from "@trade/db/testing";
import { startInventory } from "./service.ts";

export interface TestInventory {
  url: string;
  token: string;
  /** The service's database (its own temporary one unless `databaseUrl` was given). */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * A real inventory service for other packages' tests: HTTP on 127.0.0.1 at a random port, a
 * random service token, and its own temporary database (dropped by `stop`) unless `databaseUrl`
 * names one (then it is migrated and kept).
 */
export async function startInventoryService(options: { databaseUrl?: string } = {}): Promise<TestInventory> {
  const own = options.databaseUrl === undefined;
  const databaseUrl =
    options.databaseUrl ??
    withDatabaseName(
      await testServerUrl(),
      `trade_inv_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`,
    );
  const token = randomBytes(24).toString("base64url");
  const running = await startInventory({ databaseUrl, port: 0, token });
  return {
    url: running.url,
    token,
    databaseUrl,
    stop: async () => {
      await running.stop();
      if (own) await dropDatabase(databaseUrl, databaseName(databaseUrl));
    },
  };
}

/** A pool on the service's database, for tests that look at (or tamper with) its rows. */
export function inventoryPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 4 });
}
