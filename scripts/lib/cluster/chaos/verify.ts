import { checkInvariants, type RemoteStockCheck } from "@trade/api";
import { checkInventoryInvariants, createInventoryDb, rawSql, type InventoryDb } from "@trade/inventory";
import pg from "pg";
import type { Op } from "./client.ts";
import type { FaultRun } from "./faults.ts";
import { createDb } from "@trade/db";

/**
 * After the load, on the new primary: the invariants hold; every operation the client saw
 * acknowledged exists exactly once; every retried one has at most one effect and that agrees
 * with its answer; no UNPAID order is past due; no 5xx outside a kill window (and never a 500).
 */
export interface Verdict {
  problems: string[];
  table: string[][];
}

export async function verify(
  databaseUrl: string,
  ops: Op[],
  faults: FaultRun[],
  recoveries: (number | null | undefined)[] = [],
  /** Remote inventory mode: the inventory database, checked with the order database's invariants. */
  inventoryDbUrl?: string,
): Promise<Verdict> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const db = createDb({ url: databaseUrl, applicationName: "chaos-verify", DB_POOL_SIZE: 2 });
    const inventoryDb = inventoryDbUrl ? createInventoryDb(inventoryDbUrl, "chaos-verify") : null;
    try {
      const violations = await checkInvariants(db, inventoryDb ? { remote: remoteCheck(inventoryDb) } : {});
      for (const v of violations) problems.push(`invariant: ${JSON.stringify(v)}`);
    } finally {
      await db.$disconnect();
      await inventoryDb?.close();
    }

    const tables = { place: "orders", deposit: "deposits", withdraw: "withdrawals" } as const;
    const lost = new Set<Op>();
    for (const [kind, table] of Object.entries(tables)) {
      const keyed = ops.filter((op) => op.kind === kind && op.key);
      const rows = await client.query<{ key: string; n: number; id: number }>(
        `SELECT idempotency_key AS key, count(*)::int AS n, min(id) AS id FROM ${table}
          WHERE idempotency_key = ANY($1) GROUP BY idempotency_key`,
        [keyed.map((op) => op.key)],
      );
      const found = new Map(rows.rows.map((r) => [r.key, r]));
      for (const op of keyed) {
        const row = op.key ? found.get(op.key) : undefined;
        if (row && row.n > 1) problems.push(`${kind} ${op.key}: ${row.n} rows for one idempotency key`);
        if (op.outcome === "ok") {
          const id = (op.data as { id?: number } | undefined)?.id;
          if (!row) {
            lost.add(op);
            problems.push(`${kind} ${op.key}: acknowledged (id ${id}) but missing`);
          } else if (id !== undefined && row.id !== id)
            problems.push(`${kind} ${op.key}: acknowledged id ${id}, stored ${row.id}`);
        } else if (op.outcome === "refused" && row) {
          problems.push(`${kind} ${op.key}: refused (${op.domainCode}) but stored as ${table} #${row.id}`);
        }
      }
    }
    const settled = ops.filter((op) => (op.kind === "pay" || op.kind === "cancel") && op.outcome === "ok");
    const statuses = await client.query<{ id: number; status: string }>(
      "SELECT id, status::text AS status FROM orders WHERE id = ANY($1)",
      [settled.map((op) => op.orderId)],
    );
    const statusOf = new Map(statuses.rows.map((r) => [r.id, r.status]));
    for (const op of settled) {
      const expected = op.kind === "pay" ? "PAID" : "CANCELLED";
      const actual = op.orderId === undefined ? undefined : statusOf.get(op.orderId);
      if (actual !== expected) {
        lost.add(op);
        problems.push(`${op.kind} of order #${op.orderId} acknowledged, order is ${actual}`);
      }
    }
    const overdue = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM orders WHERE status = 'UNPAID' AND expires_at < now() - interval '10 seconds'",
    );
    if ((overdue.rows[0]?.n ?? 0) > 0) problems.push(`${overdue.rows[0]?.n} UNPAID orders past due`);

    // From the fault until `windowSeconds` after its heal (a restart takes its time).
    const windows = faults.map((f) => [f.startedAt, f.healedAt + f.fault.windowSeconds] as const);
    const inWindow = (at: number) => windows.some(([from, to]) => at >= from && at <= to);
    for (const op of ops) {
      for (const r of op.responses) {
        if (r.status === 500 || (r.status > 500 && !inWindow(r.at)))
          problems.push(`${op.kind} got HTTP ${r.status} at t=${r.at.toFixed(1)}s (outside a kill window or a 500)`);
      }
      if (op.outcome === "failed" && op.kind !== "read")
        problems.push(`${op.kind} ${op.key ?? op.orderId ?? ""}: no answer after retries`);
    }
    return { problems, table: faultTable(ops, faults, lost, recoveries) };
  } finally {
    await client.end();
  }
}

/** The remote-mode stock check: the inventory's own invariants and the cross-database ones. */
function remoteCheck(inventoryDb: InventoryDb): RemoteStockCheck {
  return {
    inventoryDb: rawSql(inventoryDb.pool),
    checkInventory: () => checkInventoryInvariants(inventoryDb),
  };
}

/**
 * Per fault: the requests that started between it and the next fault; `refused` are domain
 * answers (sold out, expired, ...; a 503 is retried, not refused); `recovery` (remote mode) is
 * the time from the heal until no global transaction begun before it was still mid-way.
 */
function faultTable(
  ops: Op[],
  faults: FaultRun[],
  lost: Set<Op>,
  recoveries: (number | null | undefined)[],
): string[][] {
  const withRecovery = recoveries.some((r) => r !== undefined);
  const rows: string[][] = [
    ["fault", "time", "requests", "retried", "refused", "failed", "lost", ...(withRecovery ? ["recovery"] : [])],
  ];
  const bounds = [{ name: "(before faults)", at: 0 }, ...faults.map((f) => ({ name: f.fault.name, at: f.startedAt }))];
  bounds.forEach((bound, i) => {
    const end = bounds[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    const slice = ops.filter((op) => op.startedAt >= bound.at && op.startedAt < end);
    rows.push([
      bound.name,
      `${bound.at.toFixed(1)}s`,
      String(slice.length),
      String(slice.filter((op) => op.responses.length > 1).length),
      String(slice.filter((op) => op.outcome === "refused").length),
      String(slice.filter((op) => op.outcome === "failed").length),
      String(slice.filter((op) => lost.has(op)).length),
      ...(withRecovery ? [recoveryCell(i === 0 ? undefined : recoveries[i - 1])] : []),
    ]);
  });
  return rows;
}

function recoveryCell(seconds: number | null | undefined): string {
  if (seconds === undefined) return "-";
  return seconds === null ? "not recovered" : `${seconds.toFixed(1)}s`;
}

export function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join("  "));
}
