import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.ts";
import { deadUrl, jsonAnswer as json, useScriptedHttp } from "../testing/scripted-http.ts";
import { createInventoryClient, InventoryUnavailableError } from "./remote-client.ts";

// The inventory client's own rules (which call goes to which instance, which failure is a
// refusal and which is an outage), against scripted HTTP servers on 127.0.0.1. The service
// behind it is tested in apps/inventory/test/http.test.ts; its answers are scripted here so that
// each edge (a 500 that says BUSY, a refused service credential, a body that is not JSON) is
// reached on purpose.
const scripted = useScriptedHttp();

const client = (urls: string[], timeoutMs = 5_000) => createInventoryClient({ urls, token: "svc-token", timeoutMs });

/**
 * What `promise` threw, as it was thrown: the raw error, not the {code, details, message} of
 * @trade/api/testing's refusalOf.
 */
async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("the inventory client", () => {
  it("posts each call to its path with the service token and a JSON body, and answers the body", async () => {
    const a = await scripted((seen, res) =>
      json(200, seen.path === "/stock/import" ? { imported: 2 } : { ok: true, path: seen.path })(seen, res),
    );
    // A trailing slash on the configured url is not doubled into the path.
    const c = client([`${a.url}//`]);
    expect(c.kind).toBe("remote");
    expect(await c.tryHold("tx-1", [{ skuId: 3, quantity: 2 }])).toEqual({ ok: true, path: "/tcc/try" });
    expect(await c.confirm("tx-1")).toEqual({ ok: true, path: "/tcc/confirm" });
    expect(await c.cancel("tx-2")).toEqual({ ok: true, path: "/tcc/cancel" });
    const adjustment = { merchantId: 7, skuId: 3, delta: 5, reason: "restock", actorId: 1 };
    expect(await c.adjust(adjustment)).toEqual({ ok: true, path: "/stock/adjust" });
    expect(await c.register({ skuId: 3, merchantId: 7, stock: 0, actorId: 1 })).toBeUndefined();
    expect(await c.setFlashMode({ merchantId: 7, skuId: 3, buckets: 4 })).toEqual({ ok: true, path: "/stock/flash" });
    expect(await c.importStock([])).toEqual({ imported: 2 });
    expect(a.seen.map((s) => s.path)).toEqual([
      "/tcc/try",
      "/tcc/confirm",
      "/tcc/cancel",
      "/stock/adjust",
      "/stock/register",
      "/stock/flash",
      "/stock/import",
    ]);
    expect(a.seen.every((s) => s.authorization === "Bearer svc-token")).toBe(true);
    expect(a.seen.every((s) => s.contentType === "application/json")).toBe(true);
    expect(a.seen.map((s) => s.body)).toEqual([
      { txId: "tx-1", lines: [{ skuId: 3, quantity: 2 }] },
      { txId: "tx-1" },
      { txId: "tx-2" },
      adjustment,
      { skuId: 3, merchantId: 7, stock: 0, actorId: 1 },
      { merchantId: 7, skuId: 3, buckets: 4 },
      { skus: [] },
    ]);
  });

  it("answers figures as a map by SKU id, and asks nothing for no SKUs", async () => {
    const a = await scripted(
      json(200, [
        { id: 3, stock: 10, stockLocked: 2 },
        { id: 4, stock: 1, stockLocked: 0 },
      ]),
    );
    const c = client([a.url]);
    const figures = await c.figures([3, 4]);
    expect([...figures.keys()]).toEqual([3, 4]);
    expect(figures.get(4)).toEqual({ id: 4, stock: 1, stockLocked: 0 });
    expect(a.seen.map((s) => s.body)).toEqual([{ skuIds: [3, 4] }]);
    expect((await c.figures([])).size).toBe(0);
    expect(a.seen).toHaveLength(1);
  });

  it("goes round its instances one call each", async () => {
    const a = await scripted(json(200, { ok: true }));
    const b = await scripted(json(200, { ok: true }));
    const c = client([a.url, b.url]);
    for (let i = 0; i < 5; i++) await c.confirm(`tx-${i}`);
    expect(a.seen.map((s) => s.body)).toEqual([{ txId: "tx-0" }, { txId: "tx-2" }, { txId: "tx-4" }]);
    expect(b.seen.map((s) => s.body)).toEqual([{ txId: "tx-1" }, { txId: "tx-3" }]);
  });

  it("sends an idempotent call on past every instance it cannot reach, and a repeatable-only-once call nowhere else", async () => {
    const dead = await deadUrl();
    const alive = await scripted((seen, res) =>
      json(200, seen.path === "/stock/figures" ? [] : { ok: true })(seen, res),
    );
    const c = client([dead, await deadUrl(), alive.url]);
    expect(await c.cancel("tx-1")).toEqual({ ok: true });
    expect(alive.seen).toHaveLength(1);
    // The adjustment's turn falls on the second (dead) instance: it fails there, not elsewhere.
    const refused = await errorOf(c.adjust({ merchantId: 7, skuId: 3, delta: 1, reason: "r", actorId: 1 }));
    expect(refused).toBeInstanceOf(InventoryUnavailableError);
    expect(refused).toMatchObject({ reason: "unreachable", message: "inventory /stock/adjust: no instance reachable" });
    expect((refused as Error).cause).toBeInstanceOf(Error);
    expect(alive.seen).toHaveLength(1);
    // Each idempotent call, on a client whose first turn is a dead instance, reaches the live one;
    // each call that must not repeat fails on it.
    const pair = () => client([dead, alive.url]);
    await pair().tryHold("tx-3", []);
    await pair().confirm("tx-3");
    await pair().cancel("tx-3");
    await pair().register({ skuId: 3, merchantId: 7, stock: 0, actorId: 1 });
    await pair().figures([3]);
    await pair().importStock([]);
    expect(alive.seen.map((s) => s.path)).toEqual([
      "/tcc/cancel",
      "/tcc/try",
      "/tcc/confirm",
      "/tcc/cancel",
      "/stock/register",
      "/stock/figures",
      "/stock/import",
    ]);
    for (const once of [
      () => pair().adjust({ merchantId: 7, skuId: 3, delta: 1, reason: "r", actorId: 1 }),
      () => pair().setFlashMode({ merchantId: 7, skuId: 3, buckets: 2 }),
    ])
      expect(await errorOf(once())).toMatchObject({ reason: "unreachable" });
    expect(alive.seen).toHaveLength(7);
    const none = await errorOf(client([dead]).tryHold("tx-2", []));
    expect(none).toMatchObject({ name: "InventoryUnavailableError", reason: "unreachable" });
  });

  it("keeps the service's domain refusal, code and details, from a 4xx and from a 500 that says BUSY", async () => {
    const out = await scripted(json(409, { ok: false, code: "OUT_OF_STOCK", details: { skuId: 3, available: 1 } }));
    const refusal = await errorOf(client([out.url]).tryHold("tx-1", [{ skuId: 3, quantity: 2 }]));
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: "OUT_OF_STOCK", details: { skuId: 3, available: 1 } });

    const busy = await scripted(json(503, { ok: false, code: "BUSY" }));
    const busyRefusal = await errorOf(client([busy.url]).confirm("tx-1"));
    expect(busyRefusal).toBeInstanceOf(DomainError);
    expect(busyRefusal).toMatchObject({ code: "BUSY" });
    expect((busyRefusal as DomainError).details).toEqual({});

    // Details that are not an object (a string, null) are dropped, not passed on as they came.
    const none = await scripted(json(409, { ok: false, code: "ORDER_EXPIRED", details: null }));
    const nullDetails = await errorOf(client([none.url]).confirm("tx-1"));
    expect(nullDetails).toMatchObject({ code: "ORDER_EXPIRED" });
    expect((nullDetails as DomainError).details).toEqual({});
    const odd = await scripted(json(400, { ok: false, code: "BAD_REQUEST", details: "delta" }));
    const oddDetails = await errorOf(
      client([odd.url]).adjust({ merchantId: 1, skuId: 1, delta: 0, reason: "r", actorId: 1 }),
    );
    expect(oddDetails).toMatchObject({ code: "BAD_REQUEST" });
    expect((oddDetails as DomainError).details).toEqual({});
  });

  it("reads the service's own failures, a refused credential and unknown codes as an outage, not a refusal", async () => {
    const cases: [number, unknown, string][] = [
      [500, { ok: false, code: "INTERNAL" }, "inventory /tcc/confirm failed (500 INTERNAL)"],
      [500, { ok: false, code: "OUT_OF_STOCK" }, "inventory /tcc/confirm failed (500 OUT_OF_STOCK)"],
      [401, { ok: false, code: "UNAUTHORIZED" }, "inventory /tcc/confirm failed (401 UNAUTHORIZED)"],
      [400, { ok: false, code: "INTERNAL" }, "inventory /tcc/confirm failed (400 INTERNAL)"],
      [409, { ok: false, code: "NOT_A_CODE" }, "inventory /tcc/confirm failed (409 NOT_A_CODE)"],
      [409, { ok: false, code: 7 }, "inventory /tcc/confirm failed (409 )"],
      [409, null, "inventory /tcc/confirm failed (409 )"],
    ];
    for (const [status, body, message] of cases) {
      const s = await scripted(json(status, body));
      const error = await errorOf(client([s.url]).confirm("tx-1"));
      expect(error, `${status} ${JSON.stringify(body)}`).toBeInstanceOf(InventoryUnavailableError);
      expect(error).toMatchObject({ reason: "failed", message });
    }
  });

  it("reads an answer that is not JSON as an outage naming the status", async () => {
    const html = await scripted((_seen, res) =>
      res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad</h1>"),
    );
    expect(await errorOf(client([html.url]).figures([1]))).toMatchObject({
      name: "InventoryUnavailableError",
      reason: "failed",
      message: "inventory /stock/figures: answer is not JSON (502)",
    });
  });

  it("ends a call that gets no answer at timeoutMs as a timeout, not sent on to the next instance", async () => {
    const silent = await scripted(() => undefined);
    const other = await scripted(json(200, { ok: true }));
    const error = await errorOf(client([silent.url, other.url], 300).tryHold("tx-1", []));
    expect(error).toMatchObject({ name: "InventoryUnavailableError", reason: "timeout" });
    expect((error as Error).message).toBe("inventory /tcc/try timed out");
    expect((error as Error).cause).toMatchObject({ name: "TimeoutError" });
    expect(silent.seen).toHaveLength(1);
    expect(other.seen).toHaveLength(0);
  });

  it("ends a call whose body never finishes at timeoutMs as a timeout", async () => {
    const stalled = await scripted((_seen, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"ok":');
    });
    const error = await errorOf(client([stalled.url], 300).confirm("tx-1"));
    expect(error).toMatchObject({ name: "InventoryUnavailableError", reason: "timeout" });
    expect((error as Error).message).toBe("inventory /tcc/confirm timed out");
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("refuses to be built without an instance", () => {
    expect(() => client([])).toThrow("createInventoryClient: no url");
  });
});
