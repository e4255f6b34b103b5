/**
 * The limit: the same SQL work per order as the service, issued directly with node-postgres at
 * the same concurrency (one pooled connection per client, back to back), no HTTP, no ORM.
 * The statements are not copies: the service's own SQL builders render the exact text and
 * parameters Prisma would send (workload.ts).
 */
import pg from "pg";
import { type CpuSampler } from "./cpu.ts";
import { Recorder, type PhaseResult } from "./stats.ts";

const WARM_OPS_PER_CONNECTION = 6;

export interface RawLoad {
  name: string;
  url: string;
  connections: number;
  duration: number;
  /** One unit of work (e.g. one order) for client number `worker`. */
  op: (client: pg.PoolClient, worker: number) => Promise<void>;
  cpu?: CpuSampler;
}

export async function runRawLoad(load: RawLoad): Promise<PhaseResult> {
  const pool = new pg.Pool({ connectionString: load.url, max: load.connections, application_name: "trade-bench-raw" });
  pool.on("error", () => undefined);
  const clients = await Promise.all(Array.from({ length: load.connections }, () => pool.connect()));
  const recorder = new Recorder();
  try {
    // Untimed operations on each fresh connection first, as many as PostgreSQL plans a prepared
    // statement afresh before it settles on a generic plan (5) and one more: the app's pooled
    // connections are past that, so a short raw phase must not be measured cold.
    for (let i = 0; i < WARM_OPS_PER_CONNECTION; i++) {
      await Promise.all(
        clients.map((client, worker) =>
          load.op(client, worker).catch(() => client.query("ROLLBACK").catch(() => undefined)),
        ),
      );
    }
    load.cpu?.start();
    recorder.start();
    const deadline = performance.now() + load.duration * 1000;
    await Promise.all(
      clients.map(async (client, worker) => {
        while (performance.now() < deadline) {
          const startedAt = performance.now();
          try {
            await load.op(client, worker);
            recorder.record(performance.now() - startedAt, true);
          } catch (error) {
            recorder.record(performance.now() - startedAt, false);
            const code = (error as { code?: unknown }).code;
            recorder.fail(
              typeof code === "string"
                ? `SQLSTATE ${code}`
                : String(error instanceof Error ? error.message : error).slice(0, 80),
            );
            await client.query("ROLLBACK").catch(() => undefined);
          }
        }
      }),
    );
    recorder.stop();
    const result = recorder.result(load.name, load.connections);
    result.cpu = await load.cpu?.stop();
    return result;
  } finally {
    for (const c of clients) c.release();
    await pool.end();
  }
}
