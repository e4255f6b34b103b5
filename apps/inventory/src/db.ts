import { DomainError } from "@trade/api/errors";
import { isTransientDbError, readDbEnv, type Prisma } from "@trade/db";
import pg from "pg";
import { createHash } from "node:crypto";
import type { RawSql } from "@trade/api/inventory";

/**
 * The inventory database: a node-postgres pool and raw SQL, nothing generated. The stock rules
 * run on it through `RawSql` (packages/api/src/inventory/raw.ts), the same statements the order
 * database runs in local mode. Pool settings as `createDb` (packages/db/src/client.ts): bounded
 * waits and server-side timeouts, every transaction READ COMMITTED, generic plans.
 */
export interface InventoryDb {
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export function createInventoryDb(url: string, applicationName = "trade-inventory"): InventoryDb {
  const env = readDbEnv();
  const pool = new pg.Pool({
    connectionString: url,
    max: env.DB_POOL_SIZE,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    lock_timeout: env.DB_LOCK_TIMEOUT_MS,
    // Generic plans for every prepared statement of this service: its statements reach every row
    // by a primary or unique key, and PostgreSQL otherwise re-plans the Try at each call (its
    // `unnest($1::int[])` estimate makes the generic plan look dearer than the custom ones: 1200
    // of 1200 executions custom-planned), which costs more than running it: measured on this
    // machine, a Try took 9.5 ms mean / 8.0 ms median re-planned, 7.2 / 5.5 ms generic
    // (Confirm and Cancel were generic already). The order database's placement does the same
    // per transaction (order/place-plan.ts). A generic plan is kept from the connection's first
    // call, made on the statistics of that moment: made while the fences and holds were empty, it
    // would scan them sequentially for the connection's life. `enable_seqscan=off`: a key
    // lookup stays one (the invariant check, which reads whole tables, turns it back on).
    options:
      "-c default_transaction_isolation=read\\ committed -c plan_cache_mode=force_generic_plan -c enable_seqscan=off",
    statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: env.DB_IDLE_TX_TIMEOUT_MS,
    application_name: applicationName,
  });
  // An idle connection killed by the server must not crash the process.
  pool.on("error", () => undefined);
  return { pool, close: () => pool.end() };
}

/** Statement texts are per call site (values are parameters), so naming them by hash is bounded. */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `inv_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    if (names.size > 1_000) names.clear();
    names.set(text, name);
  }
  return name;
}

/** `RawSql` on one connection (a transaction's) or the pool (autocommit), as named prepared statements. */
export function rawSql(runner: pg.Pool | pg.PoolClient): RawSql {
  const run = (sql: Prisma.Sql) => runner.query({ name: nameOf(sql.text), text: sql.text, values: sql.values });
  return {
    $queryRaw: async <T>(sql: Prisma.Sql) => (await run(sql)).rows as T,
    $executeRaw: async (sql: Prisma.Sql) => (await run(sql)).rowCount ?? 0,
  };
}

/** Thrown inside `inTx` to roll back and still answer `value` (a refused Try writes nothing). */
export class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super("rollback");
  }
}

const ATTEMPTS = 5;

/**
 * One interactive transaction (READ COMMITTED), retried whole with jittered backoff on transient
 * failures (deadlock, lock timeout, serialization, no connection), as `runTx` does for the order
 * database; BUSY after the last attempt. A domain error is never retried.
 */
export function inTx<T>(db: InventoryDb, work: (tx: RawSql) => Promise<T>): Promise<T> {
  return withRetries(async () => {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      const value = await work(rawSql(client));
      await client.query("COMMIT");
      client.release();
      return value;
    } catch (error) {
      const rolledBack = await client.query("ROLLBACK").then(
        () => true,
        () => false,
      );
      // A connection that could not even roll back is broken: destroy it, never reuse it.
      client.release(rolledBack ? undefined : true);
      if (error instanceof Rollback) return error.value as T;
      throw error;
    }
  });
}

/**
 * One statement on its own (autocommit: its own transaction, one round trip), with the same
 * retries as `inTx`. For the TCC calls, each of which is a single statement.
 */
export function inStatement<T>(db: InventoryDb, work: (sql: RawSql) => Promise<T>): Promise<T> {
  return withRetries(() => work(rawSql(db.pool)));
}

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (!isTransientDbError(error)) throw error;
      if (attempt >= ATTEMPTS) throw new DomainError("BUSY", { attempts: attempt });
      const ceiling = Math.min(200, 10 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}
