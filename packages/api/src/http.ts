import type { IncomingMessage, RequestListener } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter } from "./root.ts";
import { createContext, type AppDeps } from "./trpc.ts";

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
}

/**
 * The HTTP entry of the API as a plain Node request listener. The apps' servers hand it every
 * request under `endpoint` before Next.js sees them: Next's router, its web Request/Response
 * wrapping and the route-handler machinery cost about 0.5 ms of CPU per call, as much as a
 * catalogue query (docs/performance.md). Bearer tokens are handled in the context.
 */
export function createTrpcHandler(options: TrpcHandlerOptions): RequestListener {
  const basePath = `${options.endpoint}/`;
  const ordinary = handlerWith(options, MAX_BODY_BYTES);
  const large = handlerWith(options, MAX_IMPORT_BODY_BYTES);
  return (req, res) => {
    // The large limit applies to a request that calls the import alone (not in a batch).
    const path = (req.url ?? "").slice(basePath.length).split("?")[0] ?? "";
    return (LARGE_BODY_PATHS.has(path) ? large : ordinary)(req, res);
  };
}

function handlerWith(options: TrpcHandlerOptions, maxBodySize: number): RequestListener {
  return createHTTPHandler({
    router: appRouter,
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
