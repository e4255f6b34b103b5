import type { AppDeps } from "@trade/api";

/** `GET /api/health`: PostgreSQL must answer (else 503); Redis is reported, not required. */
export async function healthResponse({ db, redis }: Pick<AppDeps, "db" | "redis">, app: string): Promise<Response> {
  const started = Date.now();
  const database = await db.$queryRaw`SELECT 1`.then(
    () => ({ ok: true, ms: Date.now() - started }),
    () => ({ ok: false, ms: Date.now() - started }),
  );
  const redisStatus = !redis
    ? { ok: false, configured: false }
    : await redis.ping().then(
        () => ({ ok: true, configured: true }),
        () => ({ ok: false, configured: true }),
      );
  const body = {
    status: database.ok ? "ok" : "degraded",
    app,
    database,
    redis: redisStatus,
    time: new Date().toISOString(),
  };
  return Response.json(body, { status: database.ok ? 200 : 503 });
}
