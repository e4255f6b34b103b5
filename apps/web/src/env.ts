// The light entry (zod only): src/proxy.ts imports this module too.
import { parseAppServerEnv, type AppServerEnv } from "@trade/server/app-env";

/** Server-side environment of the storefront, validated once, on first use (never at build time). */
let cached: AppServerEnv | undefined;

export function serverEnv(): AppServerEnv {
  cached ??= parseAppServerEnv(process.env);
  return cached;
}

/** Next's development server (`server.ts --dev`): the CSP then allows what React's dev tooling needs. */
export const isDevelopment = process.env.NODE_ENV === "development";
