/**
 * After the load: the books' invariants (the same function the job's reconciliation runs), no SKU
 * oversold, and every error a client saw was a domain error.
 */
import { createDb } from "@trade/db";
import { checkInvariants, type InvariantViolation } from "@trade/api";
import { withClient } from "./database.ts";
import type { PhaseResult } from "./stats.ts";

/** A flash-sale SKU's units in its buckets (the SKU's figures are its row plus these). */
const BUCKET_TOTALS =
  "(SELECT sku_id, sum(stock + stock_locked + sold) AS total FROM sku_stock_buckets GROUP BY sku_id)";

/** Records stock + stock_locked + sold per SKU before the load (the bench database is throwaway). */
export async function snapshotStock(url: string): Promise<void> {
  await withClient(url, (c) =>
    c.query(`CREATE TABLE bench_stock_before AS SELECT s.id, s.stock + s.stock_locked + s.sold + coalesce(k.total, 0) AS total
               FROM skus s LEFT JOIN ${BUCKET_TOTALS} k ON k.sku_id = s.id`),
  );
}

export interface CheckResult {
  invariants: InvariantViolation[];
  /** SKUs with a negative counter. */
  negative: number;
  /** SKUs whose stock + stock_locked + sold changed. */
  notConserved: number;
  orders: { status: string; n: number }[];
  /** Non-2xx responses without a domain code, 5xx responses, transport errors. */
  undomained: number;
  serverErrors: number;
  transportErrors: number;
  passed: boolean;
}

export async function verifyAfterLoad(url: string, phases: PhaseResult[]): Promise<CheckResult> {
  const db = createDb({ url, DB_POOL_SIZE: 2, DB_STATEMENT_TIMEOUT_MS: 600_000 });
  let invariants: InvariantViolation[];
  try {
    invariants = await checkInvariants(db);
  } finally {
    await db.$disconnect();
  }
  const { negative, notConserved, orders } = await withClient(url, async (c) => {
    const negative = Number(
      (await c.query<{ n: string }>("SELECT count(*) AS n FROM skus WHERE stock < 0 OR stock_locked < 0 OR sold < 0"))
        .rows[0]?.n ?? 0,
    );
    const notConserved = Number(
      (
        await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM skus s JOIN bench_stock_before b ON b.id = s.id LEFT JOIN ${BUCKET_TOTALS} k ON k.sku_id = s.id
            WHERE s.stock + s.stock_locked + s.sold + coalesce(k.total, 0) <> b.total`,
        )
      ).rows[0]?.n ?? 0,
    );
    const orders = (
      await c.query<{ status: string; n: number }>(
        "SELECT status::text AS status, count(*)::int AS n FROM orders GROUP BY status ORDER BY status",
      )
    ).rows;
    return { negative, notConserved, orders };
  });
  const http = phases.filter((p) => !p.name.startsWith("raw"));
  const undomained = http.reduce(
    (sum, p) =>
      sum +
      Object.entries(p.failures)
        .filter(([key]) => key.includes("(no") || key.includes("(not"))
        .reduce((s, [, n]) => s + n, 0),
    0,
  );
  const serverErrors = http.reduce((sum, p) => sum + p.serverErrors, 0);
  const transportErrors = http.reduce((sum, p) => sum + p.transportErrors, 0);
  return {
    invariants,
    negative,
    notConserved,
    orders,
    undomained,
    serverErrors,
    transportErrors,
    passed:
      invariants.length === 0 &&
      negative === 0 &&
      notConserved === 0 &&
      undomained === 0 &&
      serverErrors === 0 &&
      transportErrors === 0,
  };
}
