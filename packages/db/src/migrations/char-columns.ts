import { ColumnTypeEnum, type SqlQuery, type SqlResultSet, type Transaction } from "@prisma/driver-adapter-utils";
import pg from "pg";

/**
 * PostgreSQL's one-byte `"char"` type (OID 18) is what the catalog uses for pg_class.relkind,
 * pg_constraint.contype and friends, and the schema engine reads those columns as characters.
 * PrismaPg 7.10 does not know OID 18: any catalog query returning one fails with "Column type
 * 'char' could not be deserialized from the database" (devDiagnostic, diff, createMigration;
 * plain applyMigrations never describes a schema, so it worked).
 *
 * Fix in two steps, both outside PrismaPg:
 * 1. this pg.Client relabels such columns as text so PrismaPg accepts the result (node-postgres
 *    already returns the value as a string), and remembers which columns they were, keyed by
 *    the result's `rows` array, which PrismaPg passes through untouched;
 * 2. `restoreCharColumns` turns those columns into Prisma's Character type again.
 */
const CHAR_OID = 18;
const TEXT_OID = 25;
const charColumnsByRows = new WeakMap<object, number[]>();

type QueryFn = (...args: unknown[]) => unknown;
type Callback = (error: unknown, result: unknown) => void;

/** Given to the pool through its `Client` option. */
export class CharColumnClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const original = this.query.bind(this) as QueryFn;
    // Patched per instance rather than overridden: `query` has a dozen overloads a subclass would
    // have to restate, and pg-pool uses the callback form while PrismaPg awaits the promise form.
    (this as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === "function") {
        const callback = last as Callback;
        args[args.length - 1] = (error: unknown, result: unknown) => callback(error, error ? result : relabel(result));
        return original(...args);
      }
      const returned = original(...args);
      return returned instanceof Promise ? returned.then(relabel) : returned;
    };
  }
}

function relabel(result: unknown): unknown {
  // A multi-statement simple query resolves to an array of results.
  for (const item of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = (item ?? {}) as { fields?: Array<{ dataTypeID: number }>; rows?: unknown };
    if (!fields || typeof rows !== "object" || rows === null) continue;
    const charColumns: number[] = [];
    fields.forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      charColumns.push(index);
    });
    if (charColumns.length) charColumnsByRows.set(rows, charColumns);
  }
  return result;
}

export function restoreCharColumns(result: SqlResultSet): SqlResultSet {
  for (const index of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
  return result;
}

/** Transactions read the catalog too; same `"char"` repair as the adapter. */
export class CharAwareTransaction implements Transaction {
  readonly provider = "postgres" as const;
  readonly adapterName: string;
  readonly options: Transaction["options"];

  constructor(private readonly inner: Transaction) {
    this.adapterName = inner.adapterName;
    this.options = inner.options;
  }

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return restoreCharColumns(await this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  commit(): Promise<void> {
    return this.inner.commit();
  }

  rollback(): Promise<void> {
    return this.inner.rollback();
  }

  createSavepoint(name: string): Promise<void> {
    return this.savepoint("createSavepoint", name);
  }

  rollbackToSavepoint(name: string): Promise<void> {
    return this.savepoint("rollbackToSavepoint", name);
  }

  releaseSavepoint(name: string): Promise<void> {
    return this.savepoint("releaseSavepoint", name);
  }

  private async savepoint(
    method: "createSavepoint" | "rollbackToSavepoint" | "releaseSavepoint",
    name: string,
  ): Promise<void> {
    if (!this.inner[method]) throw new Error(`${method} is not supported by the underlying adapter`);
    await this.inner[method](name);
  }
}
