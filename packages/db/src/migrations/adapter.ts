import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type ConnectionInfo,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { createTempDatabase, dropDatabase } from "./admin.ts";
import { CharAwareTransaction, CharColumnClient, restoreCharColumns } from "./char-columns.ts";
import { pgConfigFromUrl, schemaFromUrl } from "./pg-config.ts";

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * The adapter factory handed to the WASM schema engine. It fixes three problems of PrismaPg 7.10
 * when used for migrations (the third, catalog columns of type `"char"`, is in char-columns.ts):
 *
 * 1. `executeScript` splits the script on every ";" and runs the pieces one by one on whatever
 *    pool connection is free. Function bodies (`$$ ... ; ... $$`) break, and a failing migration
 *    is left half applied. We send the whole script as one simple-protocol query instead, which is
 *    what the native engine does: PostgreSQL runs it as one implicit transaction.
 * 2. `connectToShadowDb` drops the shadow database while its own pool is still connected to it,
 *    so every shadow-database command fails. Ours closes the pool first, then drops WITH (FORCE).
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  // It is PrismaPg underneath (with the fixes above), so report its name.
  readonly adapterName = "@prisma/adapter-pg";
  private readonly open = new Set<ScriptSafeAdapter>();

  constructor(private readonly databaseUrl: string) {}

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await connectTo(this.databaseUrl, pgConfigFromUrl(this.databaseUrl)));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = await createTempDatabase(this.databaseUrl, "prisma_shadow");
    try {
      const config = { ...pgConfigFromUrl(this.databaseUrl), database: name };
      return this.track(await connectTo(this.databaseUrl, config, () => dropDatabase(this.databaseUrl, name)));
    } catch (error) {
      await dropDatabase(this.databaseUrl, name).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Closes whatever the engine left open. The engine is not guaranteed to dispose its
   * connections (freeing the WASM object does not await anything), and an open pool would keep
   * the process alive and a shadow database undroppable.
   */
  async closeAll(): Promise<void> {
    const adapters = [...this.open];
    this.open.clear();
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  }

  private track(adapter: ScriptSafeAdapter): ScriptSafeAdapter {
    this.open.add(adapter);
    adapter.onDisposed = () => this.open.delete(adapter);
    return adapter;
  }
}

async function connectTo(
  databaseUrl: string,
  config: pg.PoolConfig,
  afterClose?: () => Promise<void>,
): Promise<ScriptSafeAdapter> {
  // A handful of connections is plenty for the engine; keep them from lingering when idle.
  const poolConfig: pg.PoolConfig = { ...config, max: 4, idleTimeoutMillis: 5_000, Client: CharColumnClient };
  const factory = new PrismaPg(poolConfig, { schema: schemaFromUrl(databaseUrl) });
  return new ScriptSafeAdapter(await factory.connect(), afterClose);
}

/** Delegates to PrismaPg's adapter, except for `executeScript` and an idempotent `dispose`. */
class ScriptSafeAdapter implements SqlDriverAdapter {
  readonly provider = "postgres" as const;
  readonly adapterName: string;
  onDisposed: (() => void) | undefined;
  private disposing: Promise<void> | undefined;

  constructor(
    private readonly inner: PgAdapter,
    private readonly afterClose?: () => Promise<void>,
  ) {
    this.adapterName = inner.adapterName;
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return restoreCharColumns(await this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return new CharAwareTransaction(await this.inner.startTransaction(isolationLevel));
  }

  getConnectionInfo(): ConnectionInfo {
    return this.inner.getConnectionInfo();
  }

  async executeScript(script: string): Promise<void> {
    try {
      // No parameters => node-postgres uses the simple query protocol, which accepts many statements.
      await this.inner.underlyingDriver().query(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  }

  /** Both the engine and `closeAll` may call this; pg throws if a pool is ended twice. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      try {
        await this.inner.dispose();
      } finally {
        this.onDisposed?.();
        await this.afterClose?.();
      }
    })();
    return this.disposing;
  }
}

/** Same shape PrismaPg gives server errors, so the engine prints "db error: ..." as usual. */
function toDriverAdapterError(error: unknown): unknown {
  const e = error as Partial<pg.DatabaseError> | null;
  if (!e || typeof e.code !== "string" || typeof e.message !== "string" || typeof e.severity !== "string") return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: e.code,
    severity: e.severity,
    message: e.position ? `${e.message} (at character ${e.position})` : e.message,
    detail: e.detail,
    column: e.column,
    hint: e.hint,
  });
}
