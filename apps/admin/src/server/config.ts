import type { AppServerEnv } from "@trade/server/app-env";

const ADMIN_ORIGIN = "http://localhost:3001";

/**
 * The admin's session-cookie and dependency settings, shared by the Next.js side (`auth.ts`,
 * `deps.ts`) and the HTTP server (`server.ts`, which serves /admin/api/trpc). Both must agree:
 * the same cookie name and secret, and the same dependency key (one DB pool per process).
 * No "server-only" marker here: server.ts runs outside Next's bundler.
 */
export function authConfig(env: AppServerEnv) {
  return {
    secret: env.AUTH_SECRET,
    // Web and admin share a host (cookies ignore ports): distinct names, and a path under /admin.
    cookiePrefix: "trade-admin",
    cookiePath: "/admin",
    secureCookies: (env.NEXTAUTH_URL ?? "").startsWith("https://"),
  };
}

export function depsOptions(env: AppServerEnv) {
  // Behind a gateway the public origin comes from NEXTAUTH_URL; locally it is :3001.
  const origin = new URL(env.NEXTAUTH_URL ?? `${ADMIN_ORIGIN}/admin/api/auth`).origin;
  const allowedOrigins = [...new Set([origin, ADMIN_ORIGIN, "http://127.0.0.1:3001"])];
  return { databaseUrl: env.DATABASE_URL, allowedOrigins, applicationName: "trade-admin" };
}
