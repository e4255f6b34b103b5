import cluster from "node:cluster";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import { createTrpcHandler, getAppDeps, stampClientIp, trustNoProxy } from "@trade/api";
import { readDbEnv } from "@trade/db";
import { superviseWorkers } from "./app-cluster.ts";
import { readAppServerEnv, type AppServerEnv } from "./app-env.ts";
import { sessionUserIdFrom, type AuthConfig } from "./auth/next-auth.ts";
import { baseSecurityHeaders } from "./security-headers.ts";

export interface AppServerOptions {
  /** Printed in log lines. */
  name: string;
  /** The Next.js app's directory. */
  dir: string;
  /** Used when PORT is not set. */
  defaultPort: number;
  /** Path the API is served under (`/api/trpc`, `/admin/api/trpc`). */
  endpoint: string;
  /** The app's session cookie settings: the same function its next-auth options use. */
  authConfig: (env: AppServerEnv) => Pick<AuthConfig, "secret" | "cookiePrefix" | "secureCookies">;
  /** The app's dependency options: the same its server components use (one pool per process). */
  depsOptions: (env: AppServerEnv) => Parameters<typeof getAppDeps>[0];
  /** Server processes in production when WEB_CONCURRENCY is not set, from the machine's cores. */
  defaultWorkers: (cores: number) => number;
}

/** How long in-flight requests get to finish after SIGTERM / SIGINT before the process exits. */
const DRAIN_MS = 10_000;

/**
 * An app's HTTP server (`tsx server.ts`, `--dev` for development; PORT and HOST choose where it
 * listens). One Node server per app: requests under the API endpoint go straight to tRPC,
 * everything else (pages, assets, next-auth, health) to Next.js. The API is the hot path (every
 * order, every catalogue page); through Next's router a procedure-free call cost three times
 * the CPU it costs here (docs/performance.md).
 */
export async function runAppServer(options: AppServerOptions): Promise<void> {
  const dev = process.argv.includes("--dev");
  const env = readAppServerEnv(dev);
  const workers = dev ? 1 : (env.WEB_CONCURRENCY ?? options.defaultWorkers(availableParallelism()));
  if (workers > 1 && cluster.isPrimary) {
    // DB_POOL_SIZE is the app's budget of connections, split between its workers, so adding
    // workers never multiplies the connections PostgreSQL has to serve.
    const perWorker = Math.max(1, Math.floor(readDbEnv().DB_POOL_SIZE / workers));
    superviseWorkers({
      name: options.name,
      workers,
      workerEnv: { DB_POOL_SIZE: String(perWorker) },
      drainMs: DRAIN_MS,
    });
    return;
  }
  const port = env.PORT ?? options.defaultPort;
  const hostname = env.HOST;
  const { default: next } = await import("next");
  const app = next({ dev, dir: options.dir, hostname, port });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  const auth = options.authConfig(env);
  const deps = getAppDeps(options.depsOptions(env));
  const handleTrpc = createTrpcHandler({
    endpoint: options.endpoint,
    deps,
    sessionUserId: (headers) => sessionUserIdFrom(headers, auth),
  });
  const prefix = `${options.endpoint}/`;
  // The API answers JSON before Next (and its proxy.ts) could add headers: the page-independent
  // ones here (HSTS comes with the pages; it covers the whole host).
  const apiHeaders = Object.entries(baseSecurityHeaders(false));
  const server = createServer((req, res) => {
    if (req.url?.startsWith(prefix)) {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      handleTrpc(req, res);
      return;
    }
    // next-auth's sign-in is rate-limited by client address but sees only headers: hand it the
    // address resolved here from the socket, replacing any value the client sent.
    stampClientIp(req, deps.trustProxy ?? trustNoProxy);
    handleNext(req, res).catch(() => {
      // Next renders its own error pages; this only guards a failure to even start a response.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  const worker = cluster.worker ? `, worker ${cluster.worker.id}` : "";
  console.log(`${options.name} ready on http://${hostname}:${port} (${dev ? "development" : "production"}${worker})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${options.name}: ${signal}, draining`);
    // Stop accepting and close idle keep-alive sockets; in-flight requests finish (bounded).
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), DRAIN_MS).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
