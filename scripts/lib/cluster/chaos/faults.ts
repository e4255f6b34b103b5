import type { ManagedProcess } from "../../processes.ts";
import { promoteReplica } from "../postgres-pair.ts";
import { masterPorts } from "../redis-cluster.ts";
import type { Cluster } from "../start-cluster.ts";
import { REDIS_PORTS } from "../topology.ts";

/**
 * The faults the chaos test injects, each at a set time after the load starts. A kill is a
 * SIGKILL of the process group (no graceful drain): what a crashed host looks like.
 */
export interface Fault {
  name: string;
  atSeconds: number;
  /** How long after `atSeconds` 502/503s are expected (the "kill window"). */
  windowSeconds: number;
  run(cluster: Cluster): Promise<string>;
}

export interface FaultRun {
  fault: Fault;
  startedAt: number;
  detail: string;
}

function kill(proc: ManagedProcess | undefined, what: string): string {
  if (!proc) throw new Error(`no ${what} to kill`);
  process.kill(-proc.pid, "SIGKILL");
  return `SIGKILL ${proc.name} (pid ${proc.pid})`;
}

export const FAULTS: Fault[] = [
  {
    name: "kill member-1",
    atSeconds: 8,
    windowSeconds: 10,
    run: async (c) => kill(c.apps.get("member-1"), "member-1"),
  },
  { name: "kill order-1", atSeconds: 14, windowSeconds: 10, run: async (c) => kill(c.apps.get("order-1"), "order-1") },
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
  {
    name: "kill PG primary + promote",
    atSeconds: 42,
    windowSeconds: 15,
    run: async (c) => {
      const killed = kill(c.postgres.primary, "PostgreSQL primary");
      const startedAt = Date.now();
      await promoteReplica();
      return `${killed}; replica promoted in ${Date.now() - startedAt} ms`;
    },
  },
];

/** Runs every fault at its time (relative to `t0`); resolves with what was done. */
export async function runFaults(cluster: Cluster, t0: number): Promise<FaultRun[]> {
  const runs: FaultRun[] = [];
  for (const fault of FAULTS) {
    const wait = t0 + fault.atSeconds * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const startedAt = (Date.now() - t0) / 1000;
    const detail = await fault.run(cluster);
    runs.push({ fault, startedAt, detail });
    console.log(`[chaos] t=${startedAt.toFixed(1)}s ${fault.name}: ${detail}`);
  }
  return runs;
}
