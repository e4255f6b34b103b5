import { promoteReplica } from "../postgres-pair.ts";
import { masterPorts } from "../redis-cluster.ts";
import type { Cluster } from "../start-cluster.ts";
import { REDIS_PORTS } from "../topology.ts";
import { kill } from "./kill.ts";
import { TCC_FAULTS } from "./tcc-faults.ts";

/**
 * The faults the chaos test injects, each at a set time after the load starts. A kill is a
 * SIGKILL of the process group (no graceful drain): what a crashed host looks like.
 */
export interface Fault {
  name: string;
  atSeconds: number;
  /** How long after the heal 502/503s are still expected (the "kill window" starts at the fault). */
  windowSeconds: number;
  /**
   * Injects the fault (and heals it, when healing is part of it: a restart, a proxy back to
   * pass); `healed()` marks the moment the cause is gone (default: when `run` returns). The
   * recovery time is measured from there.
   */
  run(cluster: Cluster, healed: () => void): Promise<string>;
}

export interface FaultRun {
  fault: Fault;
  startedAt: number;
  /** Seconds since t0 when the cause was gone. */
  healedAt: number;
  detail: string;
  /** Seconds from the heal until nothing begun before it was mid-way (remote mode), null: not within the limit. */
  recovery?: Promise<number | null>;
}

const BASE_FAULTS: Fault[] = [
  {
    name: "kill member-1",
    atSeconds: 8,
    windowSeconds: 10,
    run: async (c) => kill(c.apps.get("member-1"), "member-1"),
  },
  {
    name: "kill order-1",
    atSeconds: 14,
    windowSeconds: 10,
    run: async (c) => {
      const killed = kill(c.apps.get("order-1"), "order-1");
      // Back in 8 s (in the background), so a later fault can kill order-2 with an order
      // instance left to serve.
      setTimeout(() => c.restartApp("order-1"), 8_000);
      return `${killed}; restarted 8 s later`;
    },
  },
  { name: "kill admin-1", atSeconds: 20, windowSeconds: 10, run: async (c) => kill(c.apps.get("admin-1"), "admin-1") },
  {
    name: "kill a Redis master",
    atSeconds: 26,
    windowSeconds: 12,
    run: async (c) => {
      const port = masterPorts(REDIS_PORTS[5])[0];
      if (port === undefined) throw new Error("no Redis master found");
      return kill(c.redis.nodes.get(port), `redis master :${port}`);
    },
  },
  { name: "kill job-1", atSeconds: 34, windowSeconds: 5, run: async (c) => kill(c.jobs[0], "job-1") },
];

const pgFault = (atSeconds: number): Fault => ({
  name: "kill PG primary + promote",
  atSeconds,
  windowSeconds: 15,
  run: async (c) => {
    const killed = kill(c.postgres.primary, "PostgreSQL primary");
    const startedAt = Date.now();
    await promoteReplica();
    return `${killed}; replica promoted in ${Date.now() - startedAt} ms`;
  },
});

/**
 * The faults for this cluster: the base ones, then (when the inventory runs as its own service)
 * the TCC ones of issue 16, and last the PostgreSQL failover (it moves both databases).
 */
export function faultsFor(cluster: Cluster): { faults: Fault[]; loadSeconds: number } {
  if (!cluster.remote.inventory) return { faults: [...BASE_FAULTS, pgFault(42)], loadSeconds: 60 };
  const tcc = TCC_FAULTS.filter((f) => cluster.remote.payment || !f.needsPayment);
  let at = 38;
  const timed = tcc.map((f) => {
    const fault = { ...f, atSeconds: at };
    at += f.spacingSeconds;
    return fault;
  });
  return { faults: [...BASE_FAULTS, ...timed, pgFault(at)], loadSeconds: at + 14 };
}

/** Runs every fault at its time (relative to `t0`); resolves with what was done. */
export async function runFaults(
  cluster: Cluster,
  faults: Fault[],
  t0: number,
  measureRecovery?: (healedAtMs: number) => Promise<number | null>,
): Promise<FaultRun[]> {
  const runs: FaultRun[] = [];
  const since = () => (Date.now() - t0) / 1000;
  for (const fault of faults) {
    const wait = t0 + fault.atSeconds * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const startedAt = since();
    let healedAt: number | undefined;
    const detail = await fault.run(cluster, () => (healedAt = since()));
    const healed = healedAt ?? since();
    const recovery = measureRecovery?.(t0 + healed * 1000);
    runs.push({ fault, startedAt, healedAt: healed, detail, ...(recovery ? { recovery } : {}) });
    console.log(`[chaos] t=${startedAt.toFixed(1)}s ${fault.name}: ${detail}`);
  }
  return runs;
}
