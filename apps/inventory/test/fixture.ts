import { createInventoryClient } from "@trade/api/inventory";
import { createInventoryDb, type InventoryDb } from "../src/db.ts";
import { startInventoryService, type TestInventory } from "../src/testing.ts";

export interface Fixture {
  service: TestInventory;
  client: ReturnType<typeof createInventoryClient>;
  /** A pool on the service's own database, to look at the rows. */
  db: InventoryDb;
  stop(): Promise<void>;
}

/** A real service (own temporary database, random port) with a client and a pool on its database. */
export async function startFixture(): Promise<Fixture> {
  const service = await startInventoryService();
  const client = createInventoryClient({ urls: [service.url], token: service.token, timeoutMs: 10_000 });
  const db = createInventoryDb(service.databaseUrl, "inventory-test");
  return {
    service,
    client,
    db,
    stop: async () => {
      await db.close();
      await service.stop();
    },
  };
}

let nextSku = 1000;
/** A new SKU registered with `stock` units (merchant 7), its id. */
export async function newSku(f: Fixture, stock: number, merchantId = 7): Promise<number> {
  const skuId = nextSku++;
  await f.client.register({ skuId, merchantId, stock, actorId: 1 });
  return skuId;
}

export async function figuresOf(f: Fixture, skuId: number) {
  const row = (await f.client.figures([skuId])).get(skuId);
  if (!row) throw new Error(`no figures for ${skuId}`);
  return row;
}

export async function fenceOf(f: Fixture, txId: string): Promise<string | null> {
  const rows = await f.db.pool.query<{ state: string }>(
    "SELECT state FROM tcc_fences WHERE tx_id = $1 AND branch = 'stock'",
    [txId],
  );
  return rows.rows[0]?.state ?? null;
}

export async function holdsOf(f: Fixture, txId: string): Promise<number> {
  const rows = await f.db.pool.query<{ n: number }>(
    "SELECT coalesce(sum(quantity), 0)::int AS n FROM stock_holds WHERE tx_id = $1",
    [txId],
  );
  return rows.rows[0]?.n ?? 0;
}

let nextTx = 0;
export function txId(label = "tx"): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${nextTx++}`;
}
