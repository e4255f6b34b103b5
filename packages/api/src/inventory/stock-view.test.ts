import type { DbTx } from "@trade/db";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configureCoordinator } from "../coordinator/settings.ts";
import { jsonAnswer, useScriptedHttp } from "../testing/scripted-http.ts";
import type { StockFigures } from "./port.ts";
import { createInventoryClient } from "./remote-client.ts";
import { FIGURES_BATCH, forgetStockFigures, shownStockFigures, withStockFigures } from "./stock-view.ts";

// Remote mode's stock reader (inventory/stock-view.ts) against a scripted inventory service on
// 127.0.0.1, reached through the real client: what it asks the service for, what it keeps and
// for how long, and what it shows when the service is down. The order database is never read in
// remote mode (its stock columns are zero there), so the readers get none: a read of it throws.
const noOrderDb = null as unknown as DbTx;

const scripted = useScriptedHttp();
afterEach(() => {
  vi.restoreAllMocks();
});

const figuresOf = (id: number): StockFigures => ({
  id,
  stock: id * 10,
  stockLocked: id,
  sold: 2 * id,
  flashBuckets: id % 2,
});

/** An inventory service that knows the SKUs below 100 and logs each `figures` call's ids. */
async function service(options: { delayMs?: number } = {}) {
  const calls: number[][] = [];
  const state = { down: false };
  const { url } = await scripted((seen, res) => {
    const { skuIds } = seen.body as { skuIds: number[] };
    calls.push(skuIds);
    setTimeout(() => {
      if (state.down) jsonAnswer(500, { ok: false, code: "INTERNAL" })(seen, res);
      else jsonAnswer(200, skuIds.filter((id) => id < 100).map(figuresOf))(seen, res);
    }, options.delayMs ?? 0);
  });
  const inventory = createInventoryClient({ urls: [url], token: "t", timeoutMs: 5_000 });
  configureCoordinator(inventory, { figuresTtlMs: 60_000 });
  return { inventory, calls, state };
}

const zero = (id: number): StockFigures => ({ id, stock: 0, stockLocked: 0, sold: 0, flashBuckets: 0 });

describe("remote mode's stock reader", () => {
  it("shows the service's figures, each SKU asked once, and a SKU the service does not know as zero", async () => {
    const { inventory, calls } = await service();
    const shown = await shownStockFigures(inventory, noOrderDb, [3, 500, 3, 4]);
    expect([...shown.entries()]).toEqual([
      [3, figuresOf(3)],
      [500, zero(500)],
      [4, figuresOf(4)],
    ]);
    expect(calls).toEqual([[3, 500, 4]]);
    expect((await shownStockFigures(inventory, noOrderDb, [])).size).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("keeps what it read for the configured time, then asks again; a stock change made here is asked at once", async () => {
    const { inventory, calls } = await service();
    configureCoordinator(inventory, { figuresTtlMs: 150 });
    await shownStockFigures(inventory, noOrderDb, [1, 2]);
    await shownStockFigures(inventory, noOrderDb, [2, 1]);
    expect(calls).toEqual([[1, 2]]);
    // A SKU not read before is asked for alone.
    await shownStockFigures(inventory, noOrderDb, [1, 2, 5]);
    expect(calls).toEqual([[1, 2], [5]]);
    forgetStockFigures(inventory, [2]);
    await shownStockFigures(inventory, noOrderDb, [1, 2]);
    expect(calls).toEqual([[1, 2], [5], [2]]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await shownStockFigures(inventory, noOrderDb, [1, 2, 5]);
    expect(calls.at(-1)).toEqual([1, 2, 5]);
  });

  it(`asks in batches of ${FIGURES_BATCH}, and readers of the same SKUs at once share one call`, async () => {
    const { inventory, calls } = await service({ delayMs: 100 });
    const ids = Array.from({ length: 2 * FIGURES_BATCH + 1 }, (_, i) => i + 1);
    const [a, b] = await Promise.all([
      shownStockFigures(inventory, noOrderDb, ids),
      shownStockFigures(inventory, noOrderDb, [1, FIGURES_BATCH + 1, 2 * FIGURES_BATCH + 1]),
    ]);
    expect(calls.map((c) => [c[0], c.length])).toEqual([
      [1, FIGURES_BATCH],
      [FIGURES_BATCH + 1, FIGURES_BATCH],
      [2 * FIGURES_BATCH + 1, 1],
    ]);
    expect(a.size).toBe(ids.length);
    expect(a.get(99)).toEqual(figuresOf(99));
    expect([...b.values()]).toEqual([figuresOf(1), zero(FIGURES_BATCH + 1), zero(2 * FIGURES_BATCH + 1)]);
  });

  it("while the service is down: what it read before is shown as it was, the rest as zero, and the outage is logged", async () => {
    const { inventory, calls, state } = await service();
    configureCoordinator(inventory, { figuresTtlMs: 50 });
    await shownStockFigures(inventory, noOrderDb, [7]);
    state.down = true;
    const warnings: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void warnings.push(String(line)));
    await new Promise((resolve) => setTimeout(resolve, 80));
    const shown = await shownStockFigures(inventory, noOrderDb, [7, 8]);
    expect(calls).toEqual([[7], [7, 8]]);
    expect([...shown.values()]).toEqual([figuresOf(7), zero(8)]);
    expect(warnings.map((w) => JSON.parse(w) as unknown)).toEqual([
      {
        level: "warn",
        event: "inventory.figures_unavailable",
        skus: 2,
        error: "inventory /stock/figures failed (500 INTERNAL)",
      },
    ]);
  });

  it("withStockFigures replaces the counters a row carries with the service's, and adds none it lacks", async () => {
    const { inventory, calls } = await service();
    const rows = [
      { id: 3, title: "three", stock: 0, stockLocked: 0, sold: 0, flashBuckets: 0 },
      { id: 4, title: "four", stock: 0 },
      { id: 500, title: "unregistered", stock: 9, sold: 9 },
    ];
    expect(await withStockFigures(inventory, noOrderDb, rows)).toEqual([
      { ...figuresOf(3), title: "three" },
      { id: 4, title: "four", stock: 40 },
      { id: 500, title: "unregistered", stock: 0, sold: 0 },
    ]);
    expect(calls).toEqual([[3, 4, 500]]);
    expect(await withStockFigures(inventory, noOrderDb, [])).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
