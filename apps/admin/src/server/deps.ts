import "server-only";
import { getAppDeps } from "@trade/api";
import { serverEnv } from "../env";

export const ADMIN_ORIGIN = "http://localhost:3001";

/** The admin's shared dependencies (one DB pool, one Redis connection per process). */
export function deps() {
  const env = serverEnv();
  // Behind a gateway the public origin comes from NEXTAUTH_URL; locally it is :3001.
  const origin = new URL(env.NEXTAUTH_URL ?? `${ADMIN_ORIGIN}/admin/api/auth`).origin;
  const allowedOrigins = [...new Set([origin, ADMIN_ORIGIN, "http://127.0.0.1:3001"])];
  return getAppDeps({ databaseUrl: env.DATABASE_URL, allowedOrigins, applicationName: "trade-admin" });
}
