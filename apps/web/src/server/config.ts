import type { AppServerEnv } from "@trade/server/app-env";

/**
 * The storefront's session-cookie and dependency settings, shared by the Next.js side
 * (`auth.ts`, `deps.ts`) and the HTTP server (`server.ts`, which serves /api/trpc). Both must
 * agree: the same cookie name and secret, and the same dependency key (one DB pool per process).
 * No "server-only" marker here: server.ts runs outside Next's bundler.
 */
export function authConfig(env: AppServerEnv) {
  return {
    secret: env.AUTH_SECRET,
    cookiePrefix: "trade",
    secureCookies: (env.NEXTAUTH_URL ?? "").startsWith("https://"),
  };
}

export function depsOptions(env: AppServerEnv) {
  const origin = new URL(env.NEXTAUTH_URL ?? "http://localhost:3000").origin;
  return {
    databaseUrl: env.DATABASE_URL,
    allowedOrigins: [origin, "http://localhost:3000", "http://127.0.0.1:3000"],
    applicationName: "trade-web",
  };
}
