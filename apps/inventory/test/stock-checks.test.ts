import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseName, dropDatabase, withDatabaseName } from "@trade/db/migrations";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@trade/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateInventory } from "../src/migrate.ts";

/**
 * The stock rules are written once and run against either database (docs/architecture.md,
 * "One set of stock rules"), so the bounds the rules rely on must be the same in both: the CHECK
 * constraints on the stock tables of the inventory database (apps/inventory migrations) and of
 * the order database (packages/db migrations), compared as PostgreSQL itself reads them back.
 */
const STOCK_TABLES = ["skus", "sku_stock_buckets", "stock_movements"];

interface Check {
  table: string;
  name: string;
  definition: string;
  columns: string[];
}

async function stockChecks(url: string): Promise<Check[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Check>(
      `SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition,
              array(SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) ORDER BY a.attname) AS columns
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE c.contype = 'c' AND n.nspname = 'public' AND t.relname = ANY($1::text[])
        ORDER BY t.relname, c.conname`,
      [STOCK_TABLES],
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function columnsOf(url: string): Promise<Map<string, Set<string>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; column: string }>(
      `SELECT table_name AS table, column_name AS column FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ANY($1::text[])`,
      [STOCK_TABLES],
    );
    const out = new Map<string, Set<string>>();
    for (const r of rows) out.set(r.table, (out.get(r.table) ?? new Set()).add(r.column));
    return out;
  } finally {
    await client.end();
  }
}

let order: TestDatabase;
let inventoryUrl: string;
beforeAll(async () => {
  order = await createTestDatabase();
  inventoryUrl = withDatabaseName(
    await testServerUrl(),
    `trade_inv_checks_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`,
  );
  await migrateInventory(inventoryUrl);
});
afterAll(async () => {
  await order?.drop();
  if (inventoryUrl) await dropDatabase(inventoryUrl, databaseName(inventoryUrl));
});

const render = (checks: Check[]) => checks.map((c) => `${c.table}.${c.name}: ${c.definition}`);

describe("the stock CHECK constraints", () => {
  it("are the same in the inventory database and the order database", async () => {
    const inventory = await stockChecks(inventoryUrl);
    const inventoryColumns = await columnsOf(inventoryUrl);
    // The order database's tables carry more (price, status, product...): its checks on those
    // are its own. A check touching a stock column the inventory also has must exist there too.
    const orderChecks = (await stockChecks(order.url)).filter((c) =>
      c.columns.some((col) => inventoryColumns.get(c.table)?.has(col) && !["id", "sku_id"].includes(col)),
    );
    // Not vacuous: the bounds the stock rules rely on are among them.
    expect(render(inventory)).toEqual(
      expect.arrayContaining([
        "skus.skus_stock_non_negative: CHECK ((stock >= 0))",
        "skus.skus_stock_locked_non_negative: CHECK ((stock_locked >= 0))",
        "skus.skus_sold_non_negative: CHECK ((sold >= 0))",
        "sku_stock_buckets.sku_stock_buckets_stock_locked_non_negative: CHECK ((stock_locked >= 0))",
      ]),
    );
    expect(render(orderChecks)).toEqual(render(inventory));
  });
});
