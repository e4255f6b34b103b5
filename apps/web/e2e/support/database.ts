/**
 * Direct writes to the e2e database, for what no API may do: moving an order's deadline so a
 * test need not wait out ORDER_TTL_SECONDS. scripts/e2e.ts passes E2E_DATABASE_URL (the fresh
 * database it created); anything but a local trade_e2e_* database is refused, unless the runner
 * says the whole server is its own throwaway (E2E_DATABASE_THROWAWAY=1: `npm run test:cluster`,
 * whose cluster is created afresh for each run). Never a remote host.
 */
import pg from "pg";

function e2eDatabaseUrl(): string {
  const raw = process.env.E2E_DATABASE_URL;
  if (!raw) throw new Error("E2E_DATABASE_URL is not set: run the e2e suite with npm run test:e2e");
  const url = new URL(raw);
  const local = ["localhost", "127.0.0.1", "::1", "[::1]"].includes(url.hostname);
  const throwaway = url.pathname.startsWith("/trade_e2e_") || process.env.E2E_DATABASE_THROWAWAY === "1";
  if (!local || !throwaway)
    throw new Error(`refusing to write to ${url.hostname}${url.pathname}: not a local e2e database`);
  return raw;
}

/** Sets an UNPAID order's deadline `seconds` from now on the database's clock (negative: already due). */
export async function setOrderDeadline(orderId: number, seconds: number): Promise<void> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const result = await client.query(
      `UPDATE orders SET expires_at = now() + make_interval(secs => $2) WHERE id = $1 AND status = 'UNPAID'`,
      [orderId, seconds],
    );
    if (result.rowCount !== 1) throw new Error(`order ${orderId} is not UNPAID`);
  } finally {
    await client.end();
  }
}
