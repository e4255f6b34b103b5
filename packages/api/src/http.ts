import type { IncomingMessage, RequestListener } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter } from "./root.ts";
import { createContext, type AppDeps } from "./trpc.ts";

/** Largest accepted request body: the CSV import (2,000,000 characters) JSON-escaped, with room. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

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
  return createHTTPHandler({
    router: appRouter,
    basePath: `${options.endpoint}/`,
    maxBodySize: MAX_BODY_BYTES,
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
