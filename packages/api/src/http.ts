import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { AnyProcedure, AnyRouter } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter } from "./root.ts";
import { createContext, createTRPCRouter, type AppDeps } from "./trpc.ts";

/**
 * Most calls per HTTP request (a tRPC batch). Each call is a separate procedure run, so an
 * unbounded batch multiplied one request into any number of database round trips (and password
 * checks). The apps' batch links send at most this many.
 */
export const MAX_BATCH_SIZE = 10;

/**
 * Largest request body of an ordinary call: the largest single input (a 5,000-character product
 * description, at most 20 KB as UTF-8) times a full batch, with room.
 */
export const MAX_BODY_BYTES = 256 * 1024;

/** Only the CSV import needs more: 2,000,000 characters, JSON-escaped, with room. */
export const MAX_IMPORT_BODY_BYTES = 5 * 1024 * 1024;
const LARGE_BODY_PATHS = new Set(["merchant.products.importCsv"]);

export interface TrpcHandlerOptions {
  /** Path the API is served under, without a trailing slash (`/api/trpc`, `/admin/api/trpc`). */
  endpoint: string;
  deps: AppDeps;
  /** Reads the app's next-auth session cookie from the request headers (null when signed out). */
  sessionUserId: (headers: Headers) => Promise<number | null>;
  /**
   * Serve only these procedures (`["order.pay"]`: the payment service); any other path, alone or
   * in a batch, is 404 before a context is made. Absent: the whole API.
   */
  procedures?: readonly string[];
}

/**
 * The HTTP entry of the API as a plain Node request listener. The apps' servers hand it every
 * request under `endpoint` before Next.js sees them: Next's router, its web Request/Response
 * wrapping and the route-handler machinery cost about 0.5 ms of CPU per call, as much as a
 * catalogue query (docs/performance.md). Bearer tokens are handled in the context.
 */
export function createTrpcHandler(options: TrpcHandlerOptions): RequestListener {
  const basePath = `${options.endpoint}/`;
  const allowed = options.procedures ? new Set(options.procedures) : null;
  const router = options.procedures ? restrictRouter(appRouter, options.procedures) : appRouter;
  const ordinary = handlerWith(options, router, MAX_BODY_BYTES);
  const large = handlerWith(options, router, MAX_IMPORT_BODY_BYTES);
  return (req, res) => {
    // The large limit applies to a request that calls the import alone (not in a batch).
    const path = (req.url ?? "").slice(basePath.length).split("?")[0] ?? "";
    if (allowed && !callsOnly(path, allowed)) return notFound(res);
    return (LARGE_BODY_PATHS.has(path) ? large : ordinary)(req, res);
  };
}

/** Whether every call of the (possibly batched: `a.b,c.d`) path is one of `allowed`. */
function callsOnly(path: string, allowed: Set<string>): boolean {
  try {
    return decodeURIComponent(path)
      .split(",")
      .every((p) => allowed.has(p));
  } catch {
    return false; // a malformed escape names no procedure
  }
}

/**
 * A router of `paths` only (each `module.procedure` of `router`), so that even a path that got
 * past the check above finds nothing else to call. An unknown path is a programming error.
 */
export function restrictRouter(router: AnyRouter, paths: readonly string[]): AnyRouter {
  const all = router._def.procedures as Record<string, AnyProcedure>;
  const tree: Record<string, unknown> = {};
  for (const path of paths) {
    const procedure = all[path];
    if (!procedure) throw new Error(`restrictRouter: no procedure ${path}`);
    const parts = path.split(".");
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1) as string] = procedure;
  }
  return createTRPCRouter(tree as Parameters<typeof createTRPCRouter>[0]);
}

/** tRPC's own shape for an unknown procedure, so clients read it as they read any error. */
function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      error: {
        json: {
          message: "No such procedure here.",
          code: -32004,
          data: { code: "NOT_FOUND", httpStatus: 404, domainCode: "NOT_FOUND" },
        },
      },
    }),
  );
}

function handlerWith(options: TrpcHandlerOptions, router: AnyRouter, maxBodySize: number): RequestListener {
  return createHTTPHandler({
    router,
    basePath: `${options.endpoint}/`,
    maxBodySize,
    maxBatchSize: MAX_BATCH_SIZE,
    // Queries must never change state, so only POST may carry a mutation (tRPC's default).
    allowMethodOverride: false,
    createContext: ({ req }) => {
      const headers = headersOf(req);
      return createContext({
        deps: options.deps,
        headers,
        remoteAddress: req.socket.remoteAddress,
        sessionUserId: () => options.sessionUserId(headers),
      });
    },
  });
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  return headers;
}
