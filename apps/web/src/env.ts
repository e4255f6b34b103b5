import { z } from "zod";

/**
 * Server-side environment of the storefront. Validated lazily, on first use, so that
 * `next build` (which evaluates modules without a database) never needs these values.
 * Import this only from server code; nothing here is meant for the browser.
 */
const serverSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  NEXTAUTH_URL: z.url().optional(),
});

export type ServerEnv = z.infer<typeof serverSchema>;

let cached: ServerEnv | undefined;

/** Validated server environment; throws once with every problem listed (names only, never values). */
export function serverEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  if (cached && source === process.env) return cached;
  const parsed = serverSchema.safeParse(emptyAsUndefined(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid server environment: ${problems.join("; ")}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

// `FOO=` in a shell or .env file means "not set", not "set to the empty string".
function emptyAsUndefined(source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([key, value]) => [key, value === "" ? undefined : value]));
}
