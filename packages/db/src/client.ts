import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { readDbEnv, type DbEnv } from "./env.ts";

export type Db = PrismaClient;
/** What services accept: the client itself or an interactive-transaction client. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface CreateDbOptions extends Partial<DbEnv> {
  url: string;
  /** Shown in pg_stat_activity; helps tell the apps apart when debugging locks. */
  applicationName?: string;
}

/**
 * The one Prisma client factory. Pool size, connection wait and server-side timeouts are set
 * explicitly: node-postgres defaults to waiting forever for a connection, and a stuck client
 * must never hold a hot row lock for long.
 */
export function createDb(options: CreateDbOptions): Db {
  const env = { ...readDbEnv(), ...stripUndefined(options) };
  const adapter = new PrismaPg({
    connectionString: options.url,
    max: env.DB_POOL_SIZE,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    lock_timeout: env.DB_LOCK_TIMEOUT_MS,
    statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: env.DB_IDLE_TX_TIMEOUT_MS,
    application_name: options.applicationName ?? "trade",
  });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const globalForDb = globalThis as unknown as { __tradeDb?: Map<string, Db> };

/** One client per URL per process (Next.js dev reloads modules; the pool must survive). */
export function getDb(url: string, applicationName?: string): Db {
  globalForDb.__tradeDb ??= new Map();
  let db = globalForDb.__tradeDb.get(url);
  if (!db) {
    db = createDb({ url, applicationName });
    globalForDb.__tradeDb.set(url, db);
  }
  return db;
}
