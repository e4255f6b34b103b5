import { z } from "zod";

/** Database tuning, validated once. Defaults are sized for one app process on a small host. */
const schema = z.object({
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(10).default(3_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  DB_IDLE_TX_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
});

export type DbEnv = z.infer<typeof schema>;

export function readDbEnv(source: Record<string, string | undefined> = process.env): DbEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/** TRADE_MIGRATE_DEBUG=1 prints the schema engine's log lines (for diagnosing a migration). */
export function migrateDebugEnabled(source: Record<string, string | undefined> = process.env): boolean {
  return Boolean(source.TRADE_MIGRATE_DEBUG);
}
