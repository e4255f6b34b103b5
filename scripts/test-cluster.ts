/**
 * `npm run test:cluster`: the chaos test of the clustered topology (docs/scaling.md).
 * Starts `npm run cluster`'s topology, runs bounded load through the gateway (members placing,
 * paying, cancelling, depositing, withdrawing, with a client that retries 502/503 with the same
 * idempotency key), and at set times kills one instance of each upstream, a Redis master, a job
 * instance, and the PostgreSQL primary (then promotes the replica). Then checks, on the new
 * primary, that nothing acknowledged was lost or doubled, prints a table and exits non-zero on
 * any problem. Bounded: about 3-4 minutes on 2 cores, killed by .ci/run after 10.
 */
import { adminProbe, memberLoop, registerMembers, stockedSkus } from "./lib/cluster/chaos/load.ts";
import { ops, sleep, t0 } from "./lib/cluster/chaos/client.ts";
import { runFaults, type FaultRun } from "./lib/cluster/chaos/faults.ts";
import { printTable, verify } from "./lib/cluster/chaos/verify.ts";
import { startCluster } from "./lib/cluster/start-cluster.ts";
import { PG_REPLICA_PORT, pgUrl } from "./lib/cluster/topology.ts";
import { withClient } from "./lib/cluster/postgres-pair.ts";
import { fail, info, paint } from "./lib/log.ts";
import { installShutdownHandlers, shutdown } from "./lib/shutdown.ts";

const MEMBERS = 10;
const LOAD_SECONDS = 60;
/** Short order holds, so orders left unpaid expire during the test (the job sweeps them). */
const ORDER_TTL_SECONDS = 15;

async function main(): Promise<never> {
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });
  const lostProcesses: string[] = [];
  const cluster = await startCluster({
    // `--no-build` reuses the last build of web and admin (for iterating on the API, which the
    // instances run from source).
    build: !process.argv.includes("--no-build"),
    appEnv: {
      ORDER_TTL_SECONDS: String(ORDER_TTL_SECONDS),
      EXPIRE_INTERVAL_MS: "500",
      REGISTER_MAX_PER_IP_HOUR: "10000",
      LOGIN_MAX_ATTEMPTS_PER_IP: "10000",
      LOG_LEVEL: "warn",
    },
    onLost: (name) => lostProcesses.push(name),
  });

  info(`chaos: registering ${MEMBERS} members through the gateway`);
  const members = await registerMembers(MEMBERS);
  const skus = await stockedSkus(members[0]?.token ?? "");
  info(`chaos: ${skus.length} SKUs; load for ${LOAD_SECONDS} s with faults`);
  ops.length = 0;
  t0.at = Date.now();
  const until = t0.at + LOAD_SECONDS * 1000;
  const faults: Promise<FaultRun[]> = runFaults(cluster, t0.at);
  await Promise.all([...members.map((m) => memberLoop(m, skus, until)), adminProbe(until)]);
  const faultRuns = await faults;

  info(`chaos: load done (${ops.length} operations); waiting for the surviving job to expire what is left`);
  await waitForNoOverdue(pgUrl(PG_REPLICA_PORT), ORDER_TTL_SECONDS * 1000 + 30_000);
  const verdict = await verify(pgUrl(PG_REPLICA_PORT), ops, faultRuns);
  const unexpected = lostProcesses.filter((name) => !faultRuns.some((f) => f.detail.includes(name)));
  for (const name of unexpected) verdict.problems.push(`${name} died without being killed`);

  console.log("");
  printTable(verdict.table);
  const lost = verdict.table.slice(1).reduce((sum, row) => sum + Number(row[5] ?? 0), 0);
  console.log(
    `\nlost: ${lost}; operations: ${ops.length}; retried: ${ops.filter((o) => o.responses.length > 1).length}`,
  );
  if (verdict.problems.length > 0) {
    for (const problem of verdict.problems.slice(0, 50)) fail(problem);
    fail(`chaos test FAILED: ${verdict.problems.length} problem(s)`);
    return shutdown(1);
  }
  console.log(paint("green", "chaos test passed: 0 lost, invariants hold"));
  return shutdown(0);
}

async function waitForNoOverdue(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await withClient(url, (c) =>
      c.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE status = 'UNPAID'"),
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    await sleep(1_000);
  }
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
  void shutdown(1);
});
