import { withClient } from "./postgres-pair.ts";

/**
 * The handover of the seeded stock from the order database to the inventory service
 * (`POST /stock/import`, idempotent per SKU, at most 1000 SKUs a call), done once at cluster
 * start, before any order instance runs.
 */
export interface Handover {
  databaseUrl: string;
  /** Comma-separated inventory instance URLs (the first answers the import). */
  inventoryUrls: string;
  token: string;
}

const BATCH = 1000;

export async function handOverStock(handover: Handover): Promise<number> {
  const url = handover.inventoryUrls.split(",")[0];
  if (!url) throw new Error("handover: no inventory URL");
  const skus = await withClient(
    handover.databaseUrl,
    async (c) =>
      (
        await c.query<{ skuId: number; merchantId: number; stock: number }>(
          `SELECT id AS "skuId", merchant_id AS "merchantId", stock FROM skus ORDER BY id`,
        )
      ).rows,
  );
  for (let i = 0; i < skus.length; i += BATCH) {
    const response = await fetch(`${url}/stock/import`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${handover.token}` },
      body: JSON.stringify({ skus: skus.slice(i, i + BATCH) }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`handover: /stock/import answered ${response.status}: ${body.slice(0, 300)}`);
  }
  return skus.length;
}
