import { preparedQuery, Prisma, type DbTx } from "@trade/db";
import { LRUCache } from "lru-cache";
import { bucketSums } from "../inventory/figures.ts";
import type { RemoteInventory } from "../inventory/port.ts";

/**
 * SKUs this process recently saw refused as sold out. After a flash sale sells out, everyone keeps
 * pressing "buy": without this, every such request would run the placement transaction (BEGIN,
 * statement, COMMIT) just to be refused. With it, a request for a SKU marked here first runs one
 * unlocked read, outside any transaction, and is refused on that read when the stock is still
 * short. The mark is only a hint of where to look, never the answer: the read decides, so stock
 * that came back (a cancellation, an expiry, a restock) is sold on the very next request, and the
 * mark is dropped.
 */
const soldOut = new LRUCache<number, true>({ max: 10_000, ttl: 60_000 });

export function markSoldOut(skuId: number): void {
  soldOut.set(skuId, true);
}

export interface Shortfall {
  skuId: number;
  available: number;
}

/**
 * For a demand touching a SKU marked sold out: the first line (ascending SKU id) whose stock is
 * short as of now, or null when the normal path must decide (no mark; the idempotency key already
 * has an order, which the placement replays; a line not found or not listed, which it refuses in
 * its own order; or the stock is there again, in which case the marks are dropped).
 */
export async function soldOutShortfall(
  db: DbTx,
  buyerId: number,
  idempotencyKey: string,
  demand: [number, number][],
): Promise<Shortfall | null> {
  if (!demand.some(([skuId]) => soldOut.has(skuId))) return null;
  const ids = demand.map(([id]) => id);
  const rows = await preparedQuery<{ id: number; stock: number; listed: boolean; claimed: boolean }>(
    db,
    Prisma.sql`
    SELECT s.id, s.stock + bk.stock AS stock, s.status = 'LISTED' AND p.status = 'LISTED' AS listed,
           EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = ${buyerId} AND o.idempotency_key = ${idempotencyKey}) AS claimed
      FROM skus s JOIN products p ON p.id = s.product_id
      -- A flash-sale SKU's stock is in its buckets: still one unlocked read, summing a few rows.
      LEFT JOIN LATERAL ${bucketSums("s")} bk ON true
     WHERE s.id = ANY(${ids}::int[])
     ORDER BY s.id`,
  );
  if (rows.length !== demand.length || rows.some((r) => r.claimed || !r.listed)) return null;
  const quantities = new Map(demand);
  const short = rows.find((r) => r.stock < (quantities.get(r.id) ?? 0));
  if (short) return { skuId: short.id, available: short.stock };
  for (const id of ids) soldOut.delete(id);
  return null;
}

/**
 * The remote mode's counterpart (the stock is the inventory service's): for a demand touching a
 * marked SKU, one figures read from the inventory (unlocked there too) before the coordinator
 * writes its log row and sends a Try, so pressing "buy" on a sold-out SKU costs neither. The read
 * decides, never the mark, exactly as above.
 */
export async function remoteSoldOutShortfall(
  inventory: RemoteInventory,
  demand: [number, number][],
): Promise<Shortfall | null> {
  if (!demand.some(([skuId]) => soldOut.has(skuId))) return null;
  const figures = await inventory.figures(demand.map(([id]) => id));
  for (const [skuId, quantity] of demand) {
    const available = figures.get(skuId)?.stock;
    if (available !== undefined && available < quantity) return { skuId, available };
  }
  for (const [skuId] of demand) soldOut.delete(skuId);
  return null;
}

/** Whether `skuId` is marked (for tests). */
export function isMarkedSoldOut(skuId: number): boolean {
  return soldOut.has(skuId);
}
