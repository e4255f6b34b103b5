/** Number of rows in the users table, or 0 if the table does not exist yet. */
export async function countUsers(databaseUrl: string): Promise<number> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const exists = await client.query<{ table: string | null }>("SELECT to_regclass('users')::text AS table");
    if (!exists.rows[0]?.table) return 0;
    const result = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM users");
    return result.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
