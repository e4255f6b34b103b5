/**
 * What the client side of one placement transaction costs in Node, measured in the bench process
 * itself: the service's `runTx` (a Prisma interactive transaction around the prepared placement
 * statement) against node-postgres running the same BEGIN / statement / COMMIT. One connection,
 * one transaction at a time, so the CPU time of this process divided by the transactions is the
 * client's own cost per transaction (no queueing, no other work). Run after the load phases.
 */
import { createDb, prepared, sqlPool, sqlQuery } from "@trade/db";
import { runTx } from "../../packages/api/src/infra/tx.ts";
import { placementFor, type Workload } from "./workload.ts";

export interface ClientCost {
  transactions: number;
  /** Node CPU ms per transaction (user + system). */
  prismaCpuMs: number;
  pgCpuMs: number;
  /** Wall ms per transaction (one at a time). */
  prismaWallMs: number;
  pgWallMs: number;
}

export async function measureClientCost(url: string, workload: Workload, transactions = 1500): Promise<ClientCost> {
  const db = createDb({ url, DB_POOL_SIZE: 1, applicationName: "trade-bench-client-cost" });
  const pool = sqlPool(db);
  if (!pool) throw new Error("no pool behind the bench client");
  let n = 0;
  const nextSql = () => {
    const member = workload.rawMembers[n % workload.rawMembers.length];
    const sku = workload.spread[n % workload.spread.length];
    if (!member || !sku) throw new Error("empty workload");
    return placementFor(member, sku, `bench-cc-${Date.now().toString(36)}-${n++}`, "client-cost");
  };
  const viaPrisma = async () => {
    await runTx(db, (tx) => tx.$queryRaw(prepared(nextSql())));
  };
  const viaPg = async () => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await sqlQuery(client, nextSql());
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  };
  const measure = async (op: () => Promise<void>, count: number) => {
    const cpu = process.cpuUsage();
    const startedAt = performance.now();
    for (let i = 0; i < count; i++) await op();
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000 / count, wallMs: (performance.now() - startedAt) / count };
  };
  try {
    // Warm-up (JIT, prepared statements on the connection), then each way twice, the lower kept.
    await measure(viaPrisma, 300);
    await measure(viaPg, 300);
    const prisma = [await measure(viaPrisma, transactions), await measure(viaPrisma, transactions)];
    const raw = [await measure(viaPg, transactions), await measure(viaPg, transactions)];
    const best = (runs: { cpuMs: number; wallMs: number }[]) => runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
    return {
      transactions,
      prismaCpuMs: best(prisma).cpuMs,
      prismaWallMs: best(prisma).wallMs,
      pgCpuMs: best(raw).cpuMs,
      pgWallMs: best(raw).wallMs,
    };
  } finally {
    await db.$disconnect();
  }
}
