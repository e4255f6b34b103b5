import type { AppServerEnv } from "@trade/server/app-env";
import { storefrontAuthConfig, storefrontOrigins } from "@trade/server/auth";

/**
 * The storefront's session-cookie and dependency settings, shared by the Next.js side
 * (`auth.ts`, `deps.ts`) and the HTTP server (`server.ts`, which serves /api/trpc). Both must
 * agree: the same cookie name and secret, and the same dependency key (one DB pool per process).
 * The cookie settings live in @trade/api because the payment service (apps/payment) reads the
 * same cookie. No "server-only" marker here: server.ts runs outside Next's bundler.
 */
export function authConfig(env: AppServerEnv) {
  return storefrontAuthConfig(env);
}

export function depsOptions(env: AppServerEnv) {
  return {
    databaseUrl: env.DATABASE_URL,
    allowedOrigins: storefrontOrigins(env),
    applicationName: "trade-web",
  };
}
