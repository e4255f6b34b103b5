import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInventoryClient, InventoryUnavailableError } from "@trade/api/inventory";
import { createInventoryDb } from "../src/db.ts";
import { createInventoryServer, MAX_BODY_BYTES } from "../src/http.ts";
import { figuresOf, newSku, startFixture, txId, type Fixture } from "./fixture.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.stop();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${f.service.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${f.service.token}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("the inventory service's HTTP edge", () => {
  it("GET /health answers 200 without a token while the database answers", async () => {
    const res = await fetch(`${f.service.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("no token, a wrong token or another scheme: 401, and nothing happens", async () => {
    const sku = await newSku(f, 5);
    const tx = txId();
    const body = { txId: tx, lines: [{ skuId: sku, quantity: 1 }] };
    for (const authorization of [
      "",
      `Bearer ${f.service.token}x`,
      `Bearer ${f.service.token.slice(1)}`,
      `Basic ${f.service.token}`,
    ])
      expect((await post("/tcc/try", body, { authorization })).status).toBe(401);
    const res = await fetch(`${f.service.url}/tcc/try`, { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 5, stockLocked: 0 });
    // Through the client a refused credential is a deployment fault, not a domain refusal.
    const wrong = createInventoryClient({ urls: [f.service.url], token: "not-the-token-at-all", timeoutMs: 5_000 });
    await expect(wrong.tryHold(tx, body.lines)).rejects.toBeInstanceOf(InventoryUnavailableError);
  });

  it("a body over 64 KB is 413 (declared or streamed)", async () => {
    const big = JSON.stringify({ skuIds: Array.from({ length: 20_000 }, (_, i) => i + 1) });
    expect(big.length).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await post("/stock/figures", big);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    // Without a content-length (chunked): counted while read.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await fetch(`${f.service.url}/stock/figures`, {
      method: "POST",
      headers: { authorization: `Bearer ${f.service.token}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("bad input is 400 BAD_REQUEST with details, never a 500", async () => {
    const cases: [string, unknown][] = [
      ["/tcc/try", "{not json"],
      ["/tcc/try", { txId: "has space", lines: [{ skuId: 1, quantity: 1 }] }],
      ["/tcc/try", { txId: "x".repeat(65), lines: [{ skuId: 1, quantity: 1 }] }],
      ["/tcc/try", { txId: "", lines: [{ skuId: 1, quantity: 1 }] }],
      ["/tcc/try", { txId: "ok", lines: [] }],
      ["/tcc/try", { txId: "ok", lines: [{ skuId: 1, quantity: 0 }] }],
      ["/tcc/try", { txId: "ok", lines: [{ skuId: 1.5, quantity: 1 }] }],
      ["/tcc/try", { txId: "ok", lines: [{ skuId: 1, quantity: 1 }], extra: true }],
      ["/tcc/confirm", { txId: 5 }],
      ["/tcc/cancel", null],
      ["/stock/figures", { skuIds: Array.from({ length: 501 }, (_, i) => i + 1) }],
      ["/stock/import", { skus: Array.from({ length: 1001 }, (_, i) => ({ skuId: i + 1, merchantId: 1, stock: 1 })) }],
      ["/stock/register", { skuId: 1, merchantId: 1, stock: -1, actorId: 1 }],
      ["/stock/flash", { merchantId: 1, skuId: 1, buckets: 65 }],
      ["/stock/adjust", { merchantId: 1, skuId: 1, delta: 1, reason: "   ", actorId: 1 }],
    ];
    for (const [path, body] of cases) {
      const res = await post(path, body);
      expect({ path, body: typeof body === "string" ? body : "json", status: res.status }).toMatchObject({
        status: 400,
      });
      expect(await res.json()).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    }
  });

  it("unknown route 404, wrong method 405", async () => {
    expect((await post("/tcc/nope", {})).status).toBe(404);
    const get = await fetch(`${f.service.url}/tcc/try`, { headers: { authorization: `Bearer ${f.service.token}` } });
    expect(get.status).toBe(405);
  });

  it("domain errors keep their catalogue code through the client", async () => {
    const sku = await newSku(f, 2, 11);
    await expect(
      f.client.adjust({ merchantId: 11, skuId: sku, delta: -3, reason: "count", actorId: 1 }),
    ).rejects.toMatchObject({
      name: "DomainError",
      code: "STOCK_BELOW_LOCKED",
    });
    await expect(
      f.client.adjust({ merchantId: 12, skuId: sku, delta: 1, reason: "not mine", actorId: 1 }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      f.client.adjust({ merchantId: 11, skuId: sku, delta: 1_000_000_000, reason: "too many", actorId: 1 }),
    ).rejects.toMatchObject({ code: "STOCK_LIMIT" });
  });

  it("the client goes round its urls and fails over to the next on a connection error", async () => {
    const sku = await newSku(f, 10);
    // A port nobody listens on (the service's own port + a closed neighbour is not guaranteed: use a closed server).
    const { createServer } = await import("node:net");
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const client = createInventoryClient({
      urls: [`http://127.0.0.1:${port}`, f.service.url],
      token: f.service.token,
      timeoutMs: 5_000,
    });
    for (let i = 0; i < 4; i++)
      expect(await client.tryHold(txId(), [{ skuId: sku, quantity: 1 }])).toEqual({ ok: true });
    expect((await client.figures([sku])).get(sku)).toMatchObject({ stock: 6, stockLocked: 4 });
    // A non-idempotent call is not repeated elsewhere: on the dead instance's turn it fails.
    const results = await Promise.allSettled(
      [0, 1].map(() => client.adjust({ merchantId: 7, skuId: sku, delta: 1, reason: "restock", actorId: 1 })),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected")[0]).toMatchObject({ reason: { reason: "unreachable" } });
    const alone = createInventoryClient({ urls: [`http://127.0.0.1:${port}`], token: "t", timeoutMs: 5_000 });
    await expect(alone.confirm(txId())).rejects.toMatchObject({
      name: "InventoryUnavailableError",
      reason: "unreachable",
    });
  });

  it("a call that gets no answer ends at timeoutMs as InventoryUnavailableError (timeout), not retried elsewhere", async () => {
    const { createServer } = await import("node:http");
    let hits = 0;
    const silent = createServer(() => void hits++);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const client = createInventoryClient({
        urls: [`http://127.0.0.1:${port}`, f.service.url],
        token: f.service.token,
        timeoutMs: 300,
      });
      const started = Date.now();
      await expect(client.tryHold(txId(), [{ skuId: 1, quantity: 1 }])).rejects.toMatchObject({
        name: "InventoryUnavailableError",
        reason: "timeout",
      });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(hits).toBe(1);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("/health is 503 when the database does not answer", async () => {
    const db = createInventoryDb("postgresql://postgres@127.0.0.1:1/nowhere");
    const server = createInventoryServer({ db, token: "x".repeat(32) });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(503);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    }
  });
});
