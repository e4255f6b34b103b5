import { describe, expect, it } from "vitest";
import { DomainError } from "../src/errors/index.ts";
import { configureCoordinator } from "../src/coordinator/settings.ts";
import { createInventoryClient } from "../src/inventory/remote-client.ts";
import { adjustRemote, registerNewSkus, setFlashModeRemote, withRegistration } from "../src/inventory/remote-stock.ts";
import { shownStockFigures } from "../src/inventory/stock-view.ts";
import { jsonAnswer, useScriptedHttp, type SeenRequest } from "../src/testing/scripted-http.ts";
import { refusalOf, stockedSku, useTestApp } from "../src/testing/index.ts";

// Remote mode's merchant stock changes (inventory/remote-stock.ts): the catalogue (this
// database) says whose SKU it is, the inventory service (scripted on 127.0.0.1, reached through
// the real client) does the rest. What reaches the service, in what order, and what the merchant
// is told when it fails.
const app = useTestApp();
const scripted = useScriptedHttp();

const figures = (id: number, stock: number) => ({ id, stock, stockLocked: 1, sold: 2, flashBuckets: 0 });

/** A service whose answer to each call is `answer`'s; every request is logged in `seen`. */
async function inventoryService(answer: Answer) {
  let inFlight = 0;
  const peak = { registrations: 0 };
  const service = await scripted((seen, res) => {
    if (seen.path === "/stock/register") peak.registrations = Math.max(peak.registrations, ++inFlight);
    // Registrations answer after a moment, so that concurrent ones overlap.
    setTimeout(
      () => {
        if (seen.path === "/stock/register") inFlight--;
        const [status, body] = answer(seen);
        jsonAnswer(status, body)(seen, res);
      },
      seen.path === "/stock/register" ? 20 : 0,
    );
  });
  const inventory = createInventoryClient({ urls: [service.url], token: "t", timeoutMs: 5_000 });
  configureCoordinator(inventory, { figuresTtlMs: 60_000 });
  return { inventory, seen: service.seen, peak };
}

const paths = (seen: SeenRequest[]) => seen.map((s) => s.path);

type Answer = (seen: SeenRequest) => [status: number, body: unknown];

/**
 * A service that does not know the SKU until it is registered: until then every call but a
 * figures read is NOT_FOUND; a registration succeeds; after it, every call is `known`'s.
 */
function registersOnDemand(known: Answer): Answer {
  let registered = false;
  return (seen) => {
    if (seen.path === "/stock/register") {
      registered = true;
      return [200, { ok: true }];
    }
    if (registered || seen.path === "/stock/figures") return known(seen);
    return [404, { ok: false, code: "NOT_FOUND", details: { resource: "sku" } }];
  };
}

describe("registering new SKUs with the inventory service", () => {
  it("registers each SKU at most 8 at a time, and names the ones that failed, in order", async () => {
    const failing = new Set([17, 3, 5]);
    const { inventory, seen, peak } = await inventoryService((s) => {
      const { skuId } = s.body as { skuId: number };
      return failing.has(skuId) ? [500, { ok: false, code: "INTERNAL" }] : [200, { ok: true }];
    });
    const skus = Array.from({ length: 20 }, (_, i) => ({ skuId: 20 - i, merchantId: 9, stock: i }));
    expect(await refusalOf(registerNewSkus(inventory, skus, 4))).toEqual({
      code: "INVENTORY_UNAVAILABLE",
      details: { created: 20, unregistered: 3, skuIds: [3, 5, 17] },
      message:
        "Created, but the stock service could not be reached: the new SKUs have no stock yet. Set their stock again in a moment.",
    });
    expect(seen.map((s) => s.body)).toHaveLength(20);
    expect(seen.find((s) => (s.body as { skuId: number }).skuId === 1)?.body).toEqual({
      skuId: 1,
      merchantId: 9,
      stock: 19,
      actorId: 4,
    });
    expect(peak.registrations).toBe(8);
  });

  it("registers two SKUs side by side, and afterwards reads their figures afresh", async () => {
    const { inventory, seen, peak } = await inventoryService((s) =>
      s.path === "/stock/figures" ? [200, [figures(1, 5), figures(2, 6)]] : [200, { ok: true }],
    );
    // Figures read (and kept) before the registration: after it, the next read asks again.
    await shownStockFigures(inventory, app().db, [1, 2]);
    await registerNewSkus(
      inventory,
      [1, 2].map((skuId) => ({ skuId, merchantId: 9, stock: 5 })),
      9,
    );
    await shownStockFigures(inventory, app().db, [1, 2]);
    expect(paths(seen)).toEqual(["/stock/figures", "/stock/register", "/stock/register", "/stock/figures"]);
    expect(peak.registrations).toBe(2);
    await expect(registerNewSkus(inventory, [], 9)).resolves.toBeUndefined();
  });
});

describe("a merchant's stock change in remote mode", () => {
  it("another merchant's SKU is NOT_FOUND and nothing reaches the service", async () => {
    const { sku } = await stockedSku(app(), { stock: 3 });
    const other = await app().user("MERCHANT");
    const { inventory, seen } = await inventoryService(() => [200, figures(sku.id, 3)]);
    let changes = 0;
    const refusal = await refusalOf(
      withRegistration(app().db, inventory, other.id, sku.id, other.id, async () => ++changes),
    );
    expect(refusal).toMatchObject({ code: "NOT_FOUND", details: { resource: "sku" } });
    expect(changes).toBe(0);
    expect(seen).toEqual([]);
  });

  it("a SKU the service does not know is registered with 0 stock and the change made once more", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 3 });
    const { inventory, seen } = await inventoryService(registersOnDemand(() => [200, figures(sku.id, 5)]));
    const changed = await adjustRemote(
      app().db,
      inventory,
      merchant.id,
      { skuId: sku.id, delta: 5, reason: "  restock  " },
      77,
    );
    // The service's figures without the flash-bucket count, which the adjustment does not answer.
    expect(changed).toEqual({ id: sku.id, stock: 5, stockLocked: 1, sold: 2 });
    expect(paths(seen)).toEqual(["/stock/adjust", "/stock/register", "/stock/adjust"]);
    expect(seen[0]?.body).toEqual({ merchantId: merchant.id, skuId: sku.id, delta: 5, reason: "restock", actorId: 77 });
    expect(seen[1]?.body).toEqual({ skuId: sku.id, merchantId: merchant.id, stock: 0, actorId: 77 });
  });

  it("any other refusal or failure is the merchant's answer as it came, with no registration", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 3 });
    const { inventory, seen } = await inventoryService(() => [
      409,
      { ok: false, code: "STOCK_BELOW_LOCKED", details: { available: 1 } },
    ]);
    expect(
      await refusalOf(adjustRemote(app().db, inventory, merchant.id, { skuId: sku.id, delta: -3, reason: "r" }, 1)),
    ).toMatchObject({ code: "STOCK_BELOW_LOCKED", details: { available: 1 } });
    const plain = new Error("socket hang up");
    const error = await withRegistration(app().db, inventory, merchant.id, sku.id, 1, () =>
      Promise.reject(plain),
    ).catch((e: unknown) => e);
    expect(error).toBe(plain);
    expect(error).not.toBeInstanceOf(DomainError);
    expect(paths(seen)).toEqual(["/stock/adjust"]);
  });

  it("a flash-mode switch registers an unknown SKU as the merchant, and the next read asks afresh", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 3 });
    const { inventory, seen } = await inventoryService(
      registersOnDemand((s) =>
        s.path === "/stock/figures" ? [200, [figures(sku.id, 4)]] : [200, { ...figures(sku.id, 4), flashBuckets: 2 }],
      ),
    );
    await shownStockFigures(inventory, app().db, [sku.id]);
    expect(await setFlashModeRemote(app().db, inventory, merchant.id, sku.id, 2)).toEqual({
      ...figures(sku.id, 4),
      flashBuckets: 2,
    });
    await shownStockFigures(inventory, app().db, [sku.id]);
    expect(paths(seen)).toEqual([
      "/stock/figures",
      "/stock/flash",
      "/stock/register",
      "/stock/flash",
      "/stock/figures",
    ]);
    expect(seen[2]?.body).toEqual({ skuId: sku.id, merchantId: merchant.id, stock: 0, actorId: merchant.id });
    expect(seen[3]?.body).toEqual({ merchantId: merchant.id, skuId: sku.id, buckets: 2 });
  });
});
