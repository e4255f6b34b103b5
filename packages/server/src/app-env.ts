import { z } from "zod";

/**
 * The server environment both Next apps need. Each app's `src/env.ts` validates it lazily, on
 * first use, so that `next build` (which evaluates modules without a database) never needs it.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  NEXTAUTH_URL: z.url().optional(),
  /** Where the app's server listens (each app has its own default port). */
  PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  HOST: z.string().min(1).default("0.0.0.0"),
  /**
   * Server processes (node:cluster workers; production only). One Node process uses one core
   * for its event loop; each app has its own default (the storefront: one per core).
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
});

export type AppServerEnv = z.infer<typeof schema>;

/** Throws once with every problem listed (names only, never values). */
export function parseAppServerEnv(source: Record<string, string | undefined>): AppServerEnv {
  const parsed = schema.safeParse(emptyAsUndefined(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid server environment: ${problems.join("; ")}`);
  }
  return parsed.data;
}

// `FOO=` in a shell or .env file means "not set", not "set to the empty string".
function emptyAsUndefined(source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([key, value]) => [key, value === "" ? undefined : value]));
}

/**
 * The app server's environment at start-up. NODE_ENV selects the React and Next.js builds, so it
 * is fixed here, before Next is loaded.
 */
export function readAppServerEnv(dev: boolean): AppServerEnv {
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
  return parseAppServerEnv(process.env);
}
