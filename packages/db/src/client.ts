import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client.ts";
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
  // The pool is created here (not by the adapter) so hot paths can run prepared statements on
  // the same connections (`sqlQuery`); the adapter still owns its life (disposeExternalPool).
  const pool = new pg.Pool({
    connectionString: options.url,
    max: env.DB_POOL_SIZE,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    lock_timeout: env.DB_LOCK_TIMEOUT_MS,
    // Every transaction is READ COMMITTED (each step locks what it changes explicitly). Pinned
    // per session here rather than per transaction, which would cost a round trip each time.
    options: "-c default_transaction_isolation=read\\ committed",
    statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: env.DB_IDLE_TX_TIMEOUT_MS,
    application_name: options.applicationName ?? "trade",
  });
  // An idle connection killed by the server must not crash the process (the adapter adds its own
  // listener only while connected).
  pool.on("error", () => undefined);
  // Statements marked with `prepared()` run as named prepared statements inside Prisma's
  // transactions too (the adapter names them; "" is the protocol's unnamed statement, which
  // every other query keeps using).
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    statementNameGenerator: (query) => preparedNames.get(query.sql) ?? "",
  });
  const db: Db = new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<object, pg.Pool>();

/** Something `sqlQuery` can run on: a pool (a connection per query) or one checked-out connection. */
export type SqlRunner = pg.Pool | pg.PoolClient;

/** SQL text -> name of the statements marked as prepared (bounded: texts are per call site). */
const preparedNames = new Map<string, string>();

function statementName(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    name = `trade_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    if (preparedNames.size > 1_000) preparedNames.clear();
    preparedNames.set(text, name);
  }
  return name;
}

/**
 * Marks a `Prisma.sql` statement for the hottest paths as a NAMED prepared statement, also when it
 * runs through Prisma (`tx.$queryRaw(prepared(sql))` in an interactive transaction): each
 * connection parses and plans it once, then only binds and executes (PostgreSQL may switch to a
 * generic plan after five runs). Only for statements whose text is the same on every call (values
 * as parameters, lists as arrays), or the per-connection statement cache grows.
 */
export function prepared(sql: Prisma.Sql): Prisma.Sql {
  statementName(sql.text);
  return sql;
}

/**
 * Runs one `Prisma.sql` statement directly on node-postgres as a named prepared statement (see
 * `prepared`). Values are node-postgres values: numeric and bigint come back as strings,
 * timestamps as Date, json as parsed objects. Outside any interactive transaction (autocommit)
 * when given a pool.
 */
export async function sqlQuery<T extends pg.QueryResultRow>(runner: SqlRunner, sql: Prisma.Sql): Promise<T[]> {
  const name = statementName(sql.text);
  const result = await runner.query<T>({ name, text: sql.text, values: sql.values });
  return result.rows;
}

/**
 * A prepared statement on a hot path: straight on the client's node-postgres pool (no Prisma
 * result mapping; node-postgres values, see `sqlQuery`), or through Prisma, still prepared, on a
 * transaction client (Prisma values: Decimal for numeric).
 */
export function preparedQuery<T extends pg.QueryResultRow>(db: DbTx, sql: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  return pool ? sqlQuery<T>(pool, sql) : db.$queryRaw<T[]>(prepared(sql));
}

/** The node-postgres pool behind a client made by `createDb` (undefined for a transaction client). */
export function sqlPool(db: DbTx): pg.Pool | undefined {
  return pools.get(db);
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
