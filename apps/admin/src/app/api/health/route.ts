import { deps } from "~/server/deps";

export const dynamic = "force-dynamic";

/** Liveness and dependencies: PostgreSQL must answer; Redis is optional (reported, not required). */
export async function GET() {
  const { db, redis } = deps();
  const started = Date.now();
  const database = await db.$queryRaw`SELECT 1`.then(() => ({ ok: true, ms: Date.now() - started }), () => ({ ok: false, ms: Date.now() - started }));
  const redisStatus = !redis ? { ok: false, configured: false } : await redis.ping().then(() => ({ ok: true, configured: true }), () => ({ ok: false, configured: true }));
  const body = { status: database.ok ? "ok" : "degraded", app: "admin", database, redis: redisStatus, time: new Date().toISOString() };
  return Response.json(body, { status: database.ok ? 200 : 503 });
}
