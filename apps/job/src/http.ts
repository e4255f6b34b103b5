import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { JobContext } from "./context.ts";
import type { Scheduler } from "./scheduler.ts";

/**
 * GET /metrics (Prometheus text format) and GET /health (JSON: 200 while the database answers and
 * the job is not stopping, 503 otherwise; per-task state either way). If the port is taken (more
 * than one instance on a host) it falls back to a free port and says so in the log.
 */
export async function startHttp(ctx: JobContext, scheduler: Scheduler): Promise<{ server: Server; port: number }> {
  const startedAt = Date.now();
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    void (async () => {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
      } else if (path === "/metrics") {
        const body = await ctx.metrics.registry.metrics();
        res.writeHead(200, { "content-type": ctx.metrics.registry.contentType }).end(body);
      } else if (path === "/health") {
        const database = await ctx.deps.db.$queryRaw`SELECT 1`.then(
          () => "ok",
          () => "unreachable",
        );
        const redis = ctx.deps.redis ? (ctx.deps.redis.status === "ready" ? "ok" : "unavailable") : "not configured";
        const healthy = database === "ok" && !scheduler.isStopping;
        res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end(
          JSON.stringify({
            status: healthy ? "ok" : scheduler.isStopping ? "stopping" : "degraded",
            uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
            database,
            redis,
            tasks: scheduler.states,
          }),
        );
      } else {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      }
    })().catch((error: unknown) => {
      ctx.log.error({ err: error, path }, "http handler failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, ctx.env.JOB_HTTP_HOST, () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  try {
    return { server, port: await listen(ctx.env.JOB_HTTP_PORT) };
  } catch (error) {
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    const port = await listen(0);
    ctx.log.warn(
      { wanted: ctx.env.JOB_HTTP_PORT, port },
      "metrics port in use (another instance?); listening on a free port instead",
    );
    return { server, port };
  }
}

export function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
