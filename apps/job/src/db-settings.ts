import type { Db } from "@trade/db";

export interface AutovacuumGaps {
  /** The server's `autovacuum` setting is on. */
  server: boolean;
  /** Tables of this schema with `autovacuum_enabled = false`. */
  tables: string[];
}

/**
 * Where PostgreSQL will not refresh its statistics by itself. The hot paths run named prepared
 * statements whose generic plan is made once per connection, from the statistics of that moment,
 * and kept until an ANALYZE of their tables invalidates it; autoanalyze is what runs it. Without
 * it a plan made while the shop was new (empty tables: sequential scans are cheapest) is kept as
 * the tables grow: every API call's token lookup, every payment and expiry then scans a whole
 * table. The placement guards itself (`order/place-plan.ts`), the rest relies on this setting.
 */
export async function autovacuumGaps(db: Db): Promise<AutovacuumGaps> {
  const rows = await db.$queryRaw<{ server: boolean; tables: string[] }[]>`
    SELECT current_setting('autovacuum') = 'on' AS server,
           coalesce(array_agg(c.relname::text ORDER BY c.relname)
                      FILTER (WHERE 'autovacuum_enabled=false' = ANY (c.reloptions)), '{}') AS tables
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r'`;
  return rows[0] ?? { server: true, tables: [] };
}
