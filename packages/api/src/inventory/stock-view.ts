import type { DbTx } from "@trade/db";
import { LRUCache } from "lru-cache";
import { coordinatorSettings } from "../coordinator/settings.ts";
import { withBucketFigures } from "./figures.ts";
import type { Inventory, RemoteInventory, StockFigures } from "./port.ts";

/**
 * The one place every reader gets the stock figures it shows (catalogue list, product page,
 * cart, merchant SKU pages, dashboard):
 * - local mode: the SKU rows plus their flash-sale buckets, from the order database (as before);
 * - remote mode: the inventory service's figures (`inventory.figures`), batched (one call per
 *   500 SKUs a reader needs, concurrent readers of the same SKU share one call) and kept in the
 *   process for STOCK_FIGURES_TTL_MS (default 1 s): a product page under a flash sale's load
 *   costs the inventory one call per process per second, not one per view. The order database's
 *   stock columns are zero in remote mode (`handOverStock`), so they are never read there.
 *
 * A SKU the inventory does not know (its registration has not landed: `merchant-skus.ts`) shows
 * 0 everywhere: nothing of it can be sold until it is registered, and the merchant sees the
 * truth (adding stock registers it). When the service cannot be reached, a figure up to
 * STALE_LIMIT_MS old is served as it was; without one the SKU shows 0, never a plausible
 * number from the zeroed order database, and the outage is logged once per call.
 */

export type FigureRow = { id: number; stock: number; stockLocked?: number; sold?: number; flashBuckets?: number };

/** Most SKU ids in one `figures` call (the service's bound). */
export const FIGURES_BATCH = 500;
/** After a failed call, how old a cached figure may still be served. */
export const STALE_LIMIT_MS = 60_000;

interface Entry {
  figures: StockFigures | null;
  at: number;
}

class FiguresReader {
  private readonly cache = new LRUCache<number, Entry>({ max: 200_000, ttl: STALE_LIMIT_MS });
  private readonly inflight = new Map<number, Promise<void>>();

  constructor(
    private readonly inventory: RemoteInventory,
    private readonly ttlMs: number,
  ) {}

  async read(ids: number[]): Promise<Map<number, StockFigures | null>> {
    const wanted = [...new Set(ids)];
    const now = Date.now();
    const waits: Promise<void>[] = [];
    const missing: number[] = [];
    for (const id of wanted) {
      const entry = this.cache.get(id);
      if (entry && now - entry.at < this.ttlMs) continue;
      const pending = this.inflight.get(id);
      if (pending) waits.push(pending);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += FIGURES_BATCH) {
      const chunk = missing.slice(i, i + FIGURES_BATCH);
      const call = this.fetch(chunk).finally(() => {
        for (const id of chunk) this.inflight.delete(id);
      });
      for (const id of chunk) this.inflight.set(id, call);
      waits.push(call);
    }
    await Promise.all(waits);
    return new Map(wanted.map((id) => [id, this.cache.get(id, { allowStale: true })?.figures ?? null]));
  }

  /** After this process changed a SKU's stock: the next read asks the service. */
  forget(ids: number[]): void {
    for (const id of ids) this.cache.delete(id);
  }

  private async fetch(ids: number[]): Promise<void> {
    try {
      const answer = await this.inventory.figures(ids);
      const at = Date.now();
      for (const id of ids) this.cache.set(id, { figures: answer.get(id) ?? null, at });
    } catch (error) {
      // Cached entries (up to STALE_LIMIT_MS old) stay and are served; the rest show 0.
      console.error(
        JSON.stringify({
          level: "warn",
          event: "inventory.figures_unavailable",
          skus: ids.length,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }
}

/** One reader per inventory client (one per process; tests run several services in one process). */
const readers = new WeakMap<RemoteInventory, FiguresReader>();

function readerFor(inventory: RemoteInventory): FiguresReader {
  let reader = readers.get(inventory);
  if (!reader) {
    reader = new FiguresReader(inventory, coordinatorSettings(inventory).figuresTtlMs);
    readers.set(inventory, reader);
  }
  return reader;
}

/** The figures of `skuIds` as buyers and merchants see them (see above); unknown SKUs are all zero. */
export async function shownStockFigures(
  inventory: Inventory | undefined,
  db: DbTx,
  skuIds: number[],
): Promise<Map<number, StockFigures>> {
  if (skuIds.length === 0) return new Map();
  if (!inventory || inventory.kind === "local") {
    const rows = await db.sku.findMany({
      where: { id: { in: skuIds } },
      select: { id: true, stock: true, stockLocked: true, sold: true, flashBuckets: true },
    });
    return new Map((await withBucketFigures(db, rows)).map((r) => [r.id, r]));
  }
  const read = await readerFor(inventory).read(skuIds);
  return new Map(skuIds.map((id) => [id, read.get(id) ?? zero(id)]));
}

/**
 * Rows read from the order database, with their stock counters (those they carry) replaced by
 * the figures every reader must show. Local mode: exactly `withBucketFigures`, no extra query.
 */
export async function withStockFigures<T extends FigureRow>(
  inventory: Inventory | undefined,
  db: DbTx,
  rows: T[],
): Promise<T[]> {
  if (!inventory || inventory.kind === "local") return withBucketFigures(db, rows);
  if (rows.length === 0) return rows;
  const read = await readerFor(inventory).read(rows.map((r) => r.id));
  return rows.map((row) => {
    const f = read.get(row.id) ?? zero(row.id);
    return {
      ...row,
      stock: f.stock,
      ...(row.stockLocked !== undefined ? { stockLocked: f.stockLocked } : {}),
      ...(row.sold !== undefined ? { sold: f.sold } : {}),
      ...(row.flashBuckets !== undefined ? { flashBuckets: f.flashBuckets } : {}),
    };
  });
}

/** After a stock change made through this process: its own next read is fresh. */
export function forgetStockFigures(inventory: Inventory | undefined, skuIds: number[]): void {
  if (inventory?.kind === "remote") readers.get(inventory)?.forget(skuIds);
}

function zero(id: number): StockFigures {
  return { id, stock: 0, stockLocked: 0, sold: 0, flashBuckets: 0 };
}
