import { parseAppServerEnv, type AppServerEnv } from "@trade/api";

/** Server-side environment of the admin, validated once, on first use (never at build time). */
let cached: AppServerEnv | undefined;

export function serverEnv(): AppServerEnv {
  cached ??= parseAppServerEnv(process.env);
  return cached;
}
