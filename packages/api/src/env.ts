import { z } from "zod";

const decimalString = z.string().regex(/^\d{1,16}(\.\d{1,8})?$/);

const schema = z.object({
  REDIS_URL: z.string().url().optional(),
  /** Redis Cluster seed nodes (`host:port,...`); when set, the apps use ioredis' Cluster client. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, "must be host:port,host:port,...")
    .optional(),
  /** A streaming replica for reads that may be a moment stale (see docs/scaling.md). */
  DATABASE_REPLICA_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** How long an UNPAID order holds funds and stock. */
  ORDER_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 3600)
    .default(1800),
  /** Withdrawals at or above these (major units, per currency) wait for an operator. */
  WITHDRAW_APPROVAL_THRESHOLDS: z
    .string()
    .default('{"USD":"1000","CNY":"7000","JPY":"150000","EUR":"1000"}')
    .transform((raw, ctx) => {
      try {
        return z.record(z.string(), decimalString).parse(JSON.parse(raw));
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON object of currency -> decimal string" });
        return z.NEVER;
      }
    }),
  WITHDRAW_DEFAULT_THRESHOLD: decimalString.default("1000"),
  TX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(60),
  REGISTER_MAX_PER_IP_HOUR: z.coerce.number().int().min(1).default(20),
  /** How long a storefront catalogue page stays cached in a process (0: never; needs Redis). */
  CATALOG_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** How many proxies in front append to X-Forwarded-For (1: the gateway, or Next.js itself). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(1),
});

export type ApiEnv = z.infer<typeof schema>;

let cached: ApiEnv | undefined;

/** Validated once; a missing or malformed variable is a one-line error at start-up. */
export function apiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  if (source === process.env && cached) return cached;
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}
