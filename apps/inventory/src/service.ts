import type { AddressInfo } from "node:net";
import { createInventoryDb, type InventoryDb } from "./db.ts";
import { createInventoryServer } from "./http.ts";
import { migrateInventory } from "./migrate.ts";

export interface RunningInventory {
  url: string;
  db: InventoryDb;
  stop(): Promise<void>;
}

/**
 * Migrates the database, then serves the API on 127.0.0.1 only (the service is never reachable
 * from outside the host; the gateway does not route to it). `port` 0 picks a free one.
 */
export async function startInventory(options: {
  databaseUrl: string;
  port: number;
  token: string;
  onError?: (error: unknown) => void;
}): Promise<RunningInventory> {
  if (options.token.length < 16) throw new Error("SERVICE_TOKEN must be at least 16 characters");
  await migrateInventory(options.databaseUrl);
  const db = createInventoryDb(options.databaseUrl);
  const server = createInventoryServer({ db, token: options.token, onError: options.onError });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    stop: () =>
      (stopped ??= (async () => {
        // Stop accepting, let requests in flight finish (each is one short transaction), then close the pool.
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await db.close();
      })()),
  };
}
