import { handOverStock as handOver, type StockImportRow } from "@trade/api";
import { createDb } from "@trade/db";
import { info } from "../log.ts";

/**
 * The handover of the seeded stock from the order database to the inventory service, once at
 * cluster start, before any order instance runs: `handOverStock` (packages/api/src/inventory/
 * handover.ts) imports every SKU's free units and its UNPAID orders' holds (`POST /stock/import`,
 * idempotent per SKU, 1000 a call), writes those orders' coordinator log rows and zeroes the
 * order database's stock columns in the same local transaction per chunk.
 */
export interface Handover {
  databaseUrl: string;
  /** Comma-separated inventory instance URLs (the first answers the import). */
  inventoryUrls: string;
  token: string;
}

export async function handOverStock(handover: Handover): Promise<void> {
  const url = handover.inventoryUrls.split(",")[0];
  if (!url) throw new Error("handover: no inventory URL");
  const importer = {
    importStock: async (skus: StockImportRow[]) => {
      const response = await fetch(`${url}/stock/import`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${handover.token}` },
        body: JSON.stringify({ skus }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await response.text();
      if (!response.ok) throw new Error(`handover: /stock/import answered ${response.status}: ${body.slice(0, 300)}`);
    },
  };
  const db = createDb({ url: handover.databaseUrl, applicationName: "cluster-handover", DB_POOL_SIZE: 2 });
  try {
    const moved = await handOver(db, importer);
    info(`handover: ${moved.skus} SKUs, ${moved.units} units of stock moved into the inventory service`);
  } finally {
    await db.$disconnect();
  }
}
