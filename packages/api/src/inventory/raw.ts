import type { Prisma } from "@trade/db";

/**
 * The least a database client must offer for the stock rules to run on it: raw SQL. The order
 * service's Prisma client (and its transaction clients) is one; the inventory service's
 * node-postgres transaction (apps/inventory/src/db.ts) is the other. The rules are written once
 * against this, so the order database (local mode) and the inventory database (remote mode) run
 * the same statements on tables of the same names and columns.
 *
 * Values differ between the two (Prisma maps bigint to BigInt and numeric to Decimal,
 * node-postgres both to strings), so every statement here casts what it returns to int or text.
 */
export interface RawSql {
  $queryRaw<T = unknown>(query: Prisma.Sql): PromiseLike<T>;
  $executeRaw(query: Prisma.Sql): PromiseLike<number>;
}
