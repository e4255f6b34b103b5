import { Prisma, type Db } from "@trade/db";
import { runTx } from "../infra/tx.ts";
import { bucketSums } from "./figures.ts";

/** SKUs per `/stock/import` call (the service's bound). */
export const HANDOVER_CHUNK = 1_000;

export interface StockImportRow {
  skuId: number;
  merchantId: number;
  stock: number;
}

/** The inventory client's bulk registration (`POST /stock/import`): idempotent, a known SKU is left as it is. */
export interface StockImporter {
  importStock(skus: StockImportRow[]): Promise<unknown>;
}

/**
 * Moves the stock of every SKU of the order database into the inventory service, for the switch
 * from local to remote mode (the cluster's start, after the seed): each SKU is registered with
 * its free units (row plus flash-sale buckets), then the order database's stock columns are
 * zeroed, so a reader that still looked there would show 0, not a plausible wrong number.
 *
 * Chunk by chunk, in ascending id, each in one local transaction that locks its SKU rows, calls
 * the import and zeroes them: a writer still running in local mode waits for the lock and then
 * sees 0, never moves units that were already handed over. Safe to run again at any point
 * (after a crash between the import and the commit, or on every start): the import leaves a SKU
 * the service knows as it is, and a zeroed row imports 0.
 *
 * Held units cannot be handed over (the import carries free stock only, and the orders holding
 * them have no global transaction to settle them remotely): the handover refuses to start while
 * an order holds stock in the order database.
 */
export async function handOverStock(
  db: Db,
  inventory: StockImporter,
  options: { chunk?: number } = {},
): Promise<{ skus: number; units: number }> {
  const chunk = Math.min(options.chunk ?? HANDOVER_CHUNK, HANDOVER_CHUNK);
  const [held] = await db.$queryRaw<{ units: bigint }[]>`
    SELECT (SELECT coalesce(sum(stock_locked), 0) FROM skus) + (SELECT coalesce(sum(stock_locked), 0) FROM sku_stock_buckets) AS units`;
  if ((held?.units ?? 0n) > 0n)
    throw new Error(
      `handOverStock: ${held?.units} units are held by UNPAID orders in the order database; pay, cancel or expire them first`,
    );
  let after = 0;
  let skus = 0;
  let units = 0;
  for (;;) {
    const done = await runTx(
      db,
      async (tx) => {
        const rows = await tx.$queryRaw<{ id: number; merchant_id: number; stock: number }[]>(Prisma.sql`
          SELECT s.id, s.merchant_id, (s.stock + bk.stock)::int AS stock
            FROM (SELECT id, merchant_id, stock FROM skus WHERE id > ${after} ORDER BY id LIMIT ${chunk} FOR NO KEY UPDATE) s
            LEFT JOIN LATERAL ${bucketSums("s")} bk ON true
           ORDER BY s.id`);
        if (rows.length === 0) return null;
        await inventory.importStock(rows.map((r) => ({ skuId: r.id, merchantId: r.merchant_id, stock: r.stock })));
        const ids = rows.map((r) => r.id);
        await tx.$executeRaw`DELETE FROM sku_stock_buckets WHERE sku_id = ANY(${ids}::int[])`;
        await tx.$executeRaw`
          UPDATE skus SET stock = 0, stock_locked = 0, sold = 0, flash_buckets = 0, updated_at = now()
           WHERE id = ANY(${ids}::int[]) AND (stock <> 0 OR stock_locked <> 0 OR sold <> 0 OR flash_buckets <> 0)`;
        return {
          last: ids[ids.length - 1] as number,
          count: rows.length,
          units: rows.reduce((n, r) => n + r.stock, 0),
        };
      },
      // One chunk's import is a single HTTP call of up to 1,000 SKUs.
      { timeoutMs: 60_000 },
    );
    if (!done) return { skus, units };
    after = done.last;
    skus += done.count;
    units += done.units;
  }
}
