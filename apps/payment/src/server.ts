import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTrpcHandler, type AppDeps } from "@trade/api";
import { sessionUserIdFrom, type AuthConfig } from "@trade/server/auth";
import { healthResponse } from "@trade/server/health";
import { baseSecurityHeaders } from "@trade/server/security-headers";

/**
 * The payment service: the order API's `order.pay` and nothing else, behind the same gateway
 * path as the storefront's API (`/api/trpc/order.pay`, docs/scaling.md "Gateway"). Paying is the
 * order service's own procedure (`payOrder`: funds settled, the stock branch confirmed), run
 * here in its own processes so that a storm of payments does not queue behind placements and
 * catalogue reads, and a payment process can die mid-Confirm without taking the shop with it
 * (the coordinator log finishes what it started). Callers authenticate as on the storefront:
 * its next-auth session cookie (same AUTH_SECRET, same cookie name) or an API bearer token.
 */
export const PAYMENT_PROCEDURES = ["order.pay"] as const;

/** The storefront's API path: the gateway forwards `order.pay` calls here unchanged. */
export const PAYMENT_ENDPOINT = "/api/trpc";

export interface PaymentServiceOptions {
  deps: AppDeps;
  /** The storefront's cookie settings (`storefrontAuthConfig`). */
  auth: Pick<AuthConfig, "secret" | "cookiePrefix" | "secureCookies">;
}

/** The service's request listener: `GET /health`, the allowed tRPC calls, 404 for anything else. */
export function createPaymentHandler({ deps, auth }: PaymentServiceOptions): RequestListener {
  const trpc = createTrpcHandler({
    endpoint: PAYMENT_ENDPOINT,
    deps,
    sessionUserId: (headers) => sessionUserIdFrom(headers, auth),
    procedures: PAYMENT_PROCEDURES,
  });
  const headers = Object.entries(baseSecurityHeaders(false));
  const prefix = `${PAYMENT_ENDPOINT}/`;
  return (req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    const path = (req.url ?? "").split("?")[0];
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      void healthResponse(deps, "payment").then(async (response) => {
        res.writeHead(response.status, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : await response.text());
      });
      return;
    }
    if (path?.startsWith(prefix)) return trpc(req, res);
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not found" }));
  };
}

export interface RunningPaymentService {
  server: Server;
  /** `http://host:port` */
  url: string;
  /** Stops accepting, lets in-flight payments finish (at most `drainMs`), then closes. */
  close(drainMs?: number): Promise<void>;
}

/** Listens on `host:port` (0: a free port). The caller owns `deps` (and closes its pools). */
export async function startPaymentService(
  options: PaymentServiceOptions & { port: number; host?: string },
): Promise<RunningPaymentService> {
  const server = createServer(createPaymentHandler(options));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${port}`,
    close: (drainMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, drainMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
