import { Prisma, type Db, type DbTx } from "@trade/db";
import { runTx } from "../infra/tx.ts";
import { bucketSums } from "./figures.ts";
import { handedOverHolds, writeHandoverLog, type HandedOverHold } from "./handover-holds.ts";

/** SKUs per `/stock/import` call (the service's bound). */
export const HANDOVER_CHUNK = 1_000;

export interface StockImportRow {
  skuId: number;
  merchantId: number;
  /** Free units (row plus flash-sale buckets). */
  stock: number;
  /** The units each open (UNPAID) order holds of it, under the order's handover txId. */
  holds?: { txId: string; quantity: number }[];
}

/** The inventory client's bulk registration (`POST /stock/import`): idempotent, a known SKU is left as it is. */
export interface StockImporter {
  importStock(skus: StockImportRow[]): Promise<unknown>;
}

/**
 * Moves the stock of every SKU of the order database into the inventory service, for the switch
 * from local to remote mode (the cluster's start, after the seed): each SKU is registered with
 * its free units (row plus flash-sale buckets) and the units its UNPAID orders hold, then the
 * order database's stock columns are zeroed, so a reader that still looked there would show 0,
 * not a plausible wrong number.
 *
 * Held units go over as TRIED global transactions, one per open order under a txId derived from
 * the order (`handoverTxId`): the inventory gets a fence TRIED and the order's holds on the SKU
 * rows, the coordinator log a TRIED row for the order (`handover-holds.ts`), written in the same
 * local transaction as the zeroing. Pay, cancel and expiry of such an order in remote mode then
 * Confirm or Cancel that txId as they do a placement's.
 *
 * Chunk by chunk, in ascending id, each in one local transaction that locks its SKU rows, calls
 * the import and zeroes them: a writer still running in local mode waits for the lock and then
 * sees 0, never moves units that were already handed over. Safe to run again at any point
 * (after a crash between the import and the commit, or on every start): the import leaves a SKU
 * the service knows as it is (holds and all), a zeroed row imports 0, and the log rows are
 * written once. Run it before any order instance serves in remote mode, with no local-mode
 * placement, payment or release running: an order whose SKUs fall in two chunks has its log row
 * from the first, its holds complete after the second.
 */
export async function handOverStock(
  db: Db,
  inventory: StockImporter,
  options: { chunk?: number } = {},
): Promise<{ skus: number; units: number; orders: number }> {
  const chunk = Math.min(options.chunk ?? HANDOVER_CHUNK, HANDOVER_CHUNK);
  let after = 0;
  const total = { skus: 0, units: 0, orders: 0 };
  for (;;) {
    const done = await runTx(db, (tx) => handOverChunk(tx, inventory, after, chunk), {
      // One chunk's import is a single HTTP call of up to 1,000 SKUs.
      timeoutMs: 60_000,
    });
    if (!done) return total;
    after = done.last;
    total.skus += done.count;
    total.units += done.units;
    total.orders += done.orders;
  }
}

async function handOverChunk(tx: DbTx, inventory: StockImporter, after: number, chunk: number) {
  const rows = await tx.$queryRaw<{ id: number; merchant_id: number; stock: number; held: number }[]>(Prisma.sql`
    SELECT s.id, s.merchant_id, (s.stock + bk.stock)::int AS stock, (s.stock_locked + bk.stock_locked)::int AS held
      FROM (SELECT id, merchant_id, stock, stock_locked FROM skus WHERE id > ${after} ORDER BY id LIMIT ${chunk} FOR NO KEY UPDATE) s
      LEFT JOIN LATERAL ${bucketSums("s")} bk ON true
     ORDER BY s.id`);
  if (rows.length === 0) return null;
  const ids = rows.map((r) => r.id);
  const found = await handedOverHolds(tx, ids);
  const bySku = new Map<number, HandedOverHold[]>();
  for (const r of rows) {
    const mine = found.filter((h) => h.skuId === r.id);
    const ordered = mine.reduce((n, h) => n + h.quantity, 0);
    // A repeated handover: the row was zeroed with its holds carried (its orders have their log
    // rows), nothing more to carry. Otherwise the local invariant (held = the UNPAID orders'
    // units) must hold, or the inventory's would break.
    if (r.held === 0 && mine.every((h) => h.logged)) continue;
    if (ordered !== r.held)
      throw new Error(`handOverStock: sku ${r.id} holds ${r.held} units but its UNPAID orders ${ordered}`);
    bySku.set(r.id, mine);
  }
  const holds = [...bySku.values()].flat();
  await inventory.importStock(
    rows.map((r) => ({
      skuId: r.id,
      merchantId: r.merchant_id,
      stock: r.stock,
      ...(bySku.has(r.id) ? { holds: bySku.get(r.id)!.map((h) => ({ txId: h.txId, quantity: h.quantity })) } : {}),
    })),
  );
  const orders = await writeHandoverLog(tx, holds);
  await tx.$executeRaw`DELETE FROM sku_stock_buckets WHERE sku_id = ANY(${ids}::int[])`;
  await tx.$executeRaw`
    UPDATE skus SET stock = 0, stock_locked = 0, sold = 0, flash_buckets = 0, updated_at = now()
     WHERE id = ANY(${ids}::int[]) AND (stock <> 0 OR stock_locked <> 0 OR sold <> 0 OR flash_buckets <> 0)`;
  return {
    last: ids[ids.length - 1] as number,
    count: rows.length,
    units: rows.reduce((n, r) => n + r.stock + r.held, 0),
    orders,
  };
}
