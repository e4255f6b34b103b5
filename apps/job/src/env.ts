import type { RiskRulesConfig } from "@trade/api/jobs";
import { z } from "zod";

const ms = (fallback: number, min = 100) => z.coerce.number().int().min(min).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const decimalString = z.string().regex(/^\d{1,16}(\.\d{1,8})?$/, "must be a decimal string");
/** An empty variable means "not set" (shell scripts often export FOO=). */
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  /**
   * Remote inventory mode (INVENTORY_URL): the inventory service's own database, read by the
   * reconciliation (the inventory's invariants, and its held units against the open orders').
   */
  INVENTORY_DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
  ),
  /** Optional: without Redis the snapshot only goes to PostgreSQL. */
  REDIS_URL: optionalString.pipe(z.url().optional()),
  /** Redis Cluster seed nodes (`host:port,...`); wins over REDIS_URL. */
  REDIS_CLUSTER_NODES: optionalString,
  JOB_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(3002),
  JOB_HTTP_HOST: z.string().default("127.0.0.1"),
  JOB_DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** Total attempts of a transaction on transient failures, as in the apps (packages/api/src/env.ts). */
  TX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  JOB_SHUTDOWN_TIMEOUT_MS: ms(30_000),
  /** `--once` waits this long for another instance holding a singleton task's lock. */
  JOB_ONCE_LOCK_WAIT_MS: ms(30_000, 0),

  EXPIRE_INTERVAL_MS: ms(1_000),
  EXPIRE_BATCH_SIZE: positiveInt(100),
  EXPIRE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  BACKFILL_INTERVAL_MS: ms(5_000),
  BACKFILL_BATCH_SIZE: positiveInt(1_000),
  /** How often the snapshot checks that today's (UTC) snapshot is complete; it also runs at start. */
  SNAPSHOT_INTERVAL_MS: ms(60_000),
  SNAPSHOT_BATCH_SIZE: positiveInt(5_000),
  RECONCILE_INTERVAL_MS: ms(300_000),
  /** Remote inventory mode: how often the TCC recovery looks for unfinished global transactions. */
  RECOVER_INTERVAL_MS: ms(1_000),
  RECOVER_BATCH_SIZE: positiveInt(200),
  /** An unfinished global transaction failing this many times is logged as an error every run. */
  RECOVER_ALERT_ATTEMPTS: positiveInt(10),
  RULES_INTERVAL_MS: ms(60_000),

  RISK_AUTO_FREEZE: z.stringbool().default(false),
  RISK_BALANCE_DRIFT_GRACE_SECONDS: z.coerce.number().int().min(1).default(60),
  RISK_ORDER_VELOCITY_MAX_PER_MINUTE: positiveInt(30),
  RISK_ORDER_VELOCITY_LOOKBACK_MINUTES: positiveInt(5),
  RISK_CANCELLED_WINDOW_MINUTES: positiveInt(360),
  RISK_CANCELLED_MAX: positiveInt(10),
  RISK_CANCELLED_MIN_RATIO: z.coerce.number().min(0).max(1).default(0.5),
  RISK_WITHDRAW_LARGE_THRESHOLDS: z
    .string()
    .default('{"USD":"5000","CNY":"35000","JPY":"750000"}')
    .transform((raw, ctx) => {
      try {
        return z.record(z.string().regex(/^[A-Z]{3,8}$/), decimalString).parse(JSON.parse(raw));
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON object of currency code -> decimal string" });
        return z.NEVER;
      }
    }),
  RISK_WITHDRAW_LARGE_DEFAULT: decimalString.default("5000"),
  RISK_WITHDRAW_AFTER_DEPOSIT_MINUTES: positiveInt(10),
  RISK_WITHDRAW_LOOKBACK_MINUTES: positiveInt(15),
  RISK_FAILED_LOGIN_WINDOW_MINUTES: positiveInt(15),
  RISK_FAILED_LOGIN_MAX_PER_EMAIL: positiveInt(5),
  RISK_FAILED_LOGIN_MAX_PER_IP: positiveInt(20),
});

export type JobEnv = z.infer<typeof schema>;

/** Validated once at start-up; every problem is listed on one line each. */
export function readJobEnv(source: Record<string, string | undefined> = process.env): JobEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(
      `Invalid job environment:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  return parsed.data;
}

export function riskRulesConfig(env: JobEnv): RiskRulesConfig {
  return {
    balanceDrift: { graceSeconds: env.RISK_BALANCE_DRIFT_GRACE_SECONDS },
    orderVelocity: {
      maxPerMinute: env.RISK_ORDER_VELOCITY_MAX_PER_MINUTE,
      lookbackMinutes: env.RISK_ORDER_VELOCITY_LOOKBACK_MINUTES,
    },
    cancellations: {
      windowMinutes: env.RISK_CANCELLED_WINDOW_MINUTES,
      max: env.RISK_CANCELLED_MAX,
      minRatio: env.RISK_CANCELLED_MIN_RATIO,
    },
    withdrawals: {
      largeThresholds: env.RISK_WITHDRAW_LARGE_THRESHOLDS,
      largeDefault: env.RISK_WITHDRAW_LARGE_DEFAULT,
      afterDepositMinutes: env.RISK_WITHDRAW_AFTER_DEPOSIT_MINUTES,
      lookbackMinutes: env.RISK_WITHDRAW_LOOKBACK_MINUTES,
    },
    failedLogins: {
      windowMinutes: env.RISK_FAILED_LOGIN_WINDOW_MINUTES,
      maxPerEmail: env.RISK_FAILED_LOGIN_MAX_PER_EMAIL,
      maxPerIp: env.RISK_FAILED_LOGIN_MAX_PER_IP,
    },
  };
}
