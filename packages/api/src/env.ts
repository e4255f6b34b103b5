import { z } from "zod";
import { compileTrustedProxies } from "./infra/client-ip.ts";

const decimalString = z.string().regex(/^\d{1,16}(\.\d{1,8})?$/);
/** A positive whole number of major units, at most 10^18 (the accounts' CHECK). */
const balanceLimit = z
  .string()
  .regex(/^[1-9]\d{0,18}$/)
  .refine((v) => v.length < 19 || v === "1000000000000000000", "at most 10^18");

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
  /**
   * A member's withdrawals of one UTC day totalling at or above these (major units, per currency)
   * wait for an operator. A currency's own threshold (set by an operator) comes first; a currency
   * with neither has every withdrawal wait.
   */
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
  /**
   * The most one member may hold in one currency (available + frozen) after a deposit, and the
   * most money of one currency the platform may hold for all members together (what its cash
   * account owes), major units. BALANCE_LIMIT beyond; both at most 10^18, the accounts' CHECK
   * (docs/security.md, "Limits on money and stock").
   */
  BALANCE_MAX_PER_MEMBER: balanceLimit.default("1000000000000000"),
  BALANCE_MAX_PLATFORM: balanceLimit.default("1000000000000000000"),
  /** Open UNPAID orders one buyer may hold at once (HOLD_LIMIT beyond; 0: no limit, for load tests). */
  HOLD_MAX_OPEN_ORDERS: z.coerce.number().int().min(0).max(1_000_000).default(20),
  /** Units of one SKU one buyer may hold in UNPAID orders at once (HOLD_LIMIT beyond; 0: no limit). */
  HOLD_MAX_UNITS_PER_SKU: z.coerce.number().int().min(0).max(1_000_000).default(20),
  /** Live (unrevoked, unexpired) API tokens per user (TOKEN_LIMIT beyond). */
  API_TOKENS_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * The inventory service (remote mode, docs/architecture.md#services): its instances' base URLs,
   * comma-separated; calls go round-robin and fail over. Absent: the stock lives in this database.
   */
  INVENTORY_URL: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  /** The service credential the order service presents to the inventory (required with INVENTORY_URL). */
  SERVICE_TOKEN: z.string().min(16).optional(),
  /** Each call to the inventory gives up after this long (then INVENTORY_UNAVAILABLE, the log drives the rest). */
  INVENTORY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** A placement still TRYING this long after it began was abandoned: the job's recovery cancels it. */
  TCC_TRY_DEADLINE_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  TX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  LOGIN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(60),
  REGISTER_MAX_PER_IP_HOUR: z.coerce.number().int().min(1).default(20),
  /** How long a storefront catalogue page stays cached in a process (0: never; needs Redis). */
  CATALOG_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /**
   * Remote inventory mode: how long a SKU's stock figures read from the inventory service are
   * served from this process (catalogue, product page, cart, merchant pages; docs/scaling.md).
   */
  STOCK_FIGURES_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Under attack (the email's failures over 5x the limit), one attempt per email and IP this often. */
  LOGIN_SLOWDOWN_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /**
   * Our own proxies (comma-separated IPs / CIDRs): X-Forwarded-For is read only when the socket's
   * peer is one of them. Empty or absent: trust no proxy, the client is the socket's address.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .refine((list) => {
      try {
        compileTrustedProxies(list);
        return true;
      } catch {
        return false;
      }
    }, "must be comma-separated IP addresses or CIDRs, e.g. 127.0.0.1/32,::1/128"),
});

export type ApiEnv = z.infer<typeof schema>;

// Remote mode needs the service credential: an unauthenticated inventory call is a start-up error.
const checked = schema.refine((env) => env.INVENTORY_URL.length === 0 || env.SERVICE_TOKEN !== undefined, {
  path: ["SERVICE_TOKEN"],
  message: "is required when INVENTORY_URL is set",
});

let cached: ApiEnv | undefined;

/** Validated once; a missing or malformed variable is a one-line error at start-up. */
export function apiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  if (source === process.env && cached) return cached;
  const parsed = checked.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}
