import { timingSafeEqual, createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { DomainError, errorCatalogue } from "@trade/api/errors";
import { MAX_FLASH_BUCKETS, MAX_LINE_QUANTITY, MAX_SKU_UNITS } from "@trade/api/inventory";
import { z } from "zod";
import type { InventoryDb } from "./db.ts";
import { cancel, confirm, tryHold } from "./tcc.ts";
import { adjust, figures, importSkus, register, setFlash } from "./stock.ts";

/** Largest request body accepted (413 past it); the biggest legitimate one, an import of 1000 SKUs, is ~60 KB. */
export const MAX_BODY_BYTES = 64 * 1024;

const id = z.number().int().positive().max(2_147_483_647);
const txId = z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, "1..64 characters of A-Z a-z 0-9 : _ -");
const units = z.number().int().min(0).max(MAX_SKU_UNITS);
const actorId = z.number().int().min(0).max(2_147_483_647);
const newSku = z.strictObject({ skuId: id, merchantId: id, stock: units });
/** A handed-over SKU: its free units, and the units each open order holds of it (one hold per txId). */
const importedSku = newSku.extend({
  holds: z
    .array(z.strictObject({ txId, quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) }))
    .max(1000)
    .default([]),
});

/** Every route: its body schema and the one service call it makes (thin, as the tRPC routers). */
function routes(db: InventoryDb) {
  const route = <S extends z.ZodType>(schema: S, run: (input: z.infer<S>) => Promise<unknown>) => ({ schema, run });
  return {
    "/tcc/try": route(
      z.strictObject({
        txId,
        lines: z
          .array(z.strictObject({ skuId: id, quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) }))
          .min(1)
          .max(100),
      }),
      (i) => tryHold(db, i.txId, i.lines),
    ),
    "/tcc/confirm": route(z.strictObject({ txId }), (i) => confirm(db, i.txId)),
    "/tcc/cancel": route(z.strictObject({ txId }), (i) => cancel(db, i.txId)),
    "/stock/adjust": route(
      z.strictObject({
        merchantId: id,
        skuId: id,
        delta: z.number().int().min(-MAX_SKU_UNITS).max(MAX_SKU_UNITS),
        reason: z.string().trim().min(1).max(200),
        actorId,
      }),
      (i) => adjust(db, i),
    ),
    "/stock/register": route(newSku.extend({ actorId }), (i) => register(db, i).then(() => ({ ok: true }))),
    "/stock/flash": route(
      z.strictObject({ merchantId: id, skuId: id, buckets: z.number().int().min(0).max(MAX_FLASH_BUCKETS) }),
      (i) => setFlash(db, i),
    ),
    "/stock/figures": route(z.strictObject({ skuIds: z.array(id).max(500) }), (i) => figures(db, i.skuIds)),
    "/stock/import": route(z.strictObject({ skus: z.array(importedSku).max(1000), actorId: actorId.default(0) }), (i) =>
      importSkus(db, i.skus, i.actorId),
    ),
  } as const;
}

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export interface InventoryServerOptions {
  db: InventoryDb;
  /** The service credential (SERVICE_TOKEN): every route but /health wants `Authorization: Bearer <token>`. */
  token: string;
  onError?: (error: unknown) => void;
}

/**
 * The inventory service's HTTP API (JSON over node:http; the caller binds it to 127.0.0.1). The
 * service credential is checked before the body is read; bodies are bounded; input is validated
 * with zod; domain errors answer `{ ok: false, code, details }` with the catalogue's status, and
 * anything unexpected a bare 500 without internals.
 */
export function createInventoryServer(options: InventoryServerOptions): Server {
  const table: Record<string, { schema: z.ZodType; run: (input: never) => Promise<unknown> }> = routes(options.db);
  const expected = digest(options.token);
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) send(res, 500, { ok: false, code: "INTERNAL", details: {} });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/health" && req.method === "GET") return health(res);
    if (!authorised(req.headers.authorization, expected)) {
      req.resume();
      return send(res, 401, { ok: false, code: "UNAUTHORIZED", details: {} });
    }
    const entry = Object.hasOwn(table, path) ? table[path] : undefined;
    if (!entry) {
      req.resume();
      return send(res, 404, { ok: false, code: "NOT_FOUND", details: { path } });
    }
    if (req.method !== "POST") {
      req.resume();
      return send(res, 405, { ok: false, code: "BAD_REQUEST", details: { method: req.method } });
    }
    const body = await readBody(req);
    if (body === "too-large") {
      // The rest of the body is not read: the connection is not reused after this answer.
      res.setHeader("connection", "close");
      return send(res, 413, { ok: false, code: "PAYLOAD_TOO_LARGE", details: { max: MAX_BODY_BYTES } });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return send(res, 400, { ok: false, code: "BAD_REQUEST", details: { reason: "invalid JSON" } });
    }
    const parsed = entry.schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join("."), message: i.message }));
      return send(res, 400, { ok: false, code: "BAD_REQUEST", details: { issues } });
    }
    try {
      send(res, 200, (await entry.run(parsed.data as never)) ?? { ok: true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = STATUS[errorCatalogue[error.code].trpc] ?? 500;
      send(res, status, { ok: false, code: error.code, details: error.details ?? {} });
    }
  }

  async function health(res: ServerResponse): Promise<void> {
    try {
      await options.db.pool.query("SELECT 1");
      send(res, 200, { ok: true });
    } catch {
      send(res, 503, { ok: false, code: "SERVICE_UNAVAILABLE", details: {} });
    }
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Constant time whatever the header's length: both sides are hashed to 32 bytes first. */
function authorised(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? "");
  const given = digest(match?.[1] ?? "");
  return timingSafeEqual(given, expected) && match !== null;
}

function readBody(req: IncomingMessage): Promise<{ text: string } | "too-large"> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve("too-large");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve({ text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
