import "server-only";
import { getAppDeps } from "@trade/api";
import { serverEnv } from "../env";

/** The storefront's shared dependencies (one DB pool, one Redis connection per process). */
export function deps() {
  const env = serverEnv();
  const origin = new URL(env.NEXTAUTH_URL ?? "http://localhost:3000").origin;
  return getAppDeps({ databaseUrl: env.DATABASE_URL, allowedOrigins: [origin, "http://localhost:3000", "http://127.0.0.1:3000"], applicationName: "trade-web" });
}
