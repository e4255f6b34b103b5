/**
 * `npm run test:cluster`: the chaos test of the clustered topology (docs/scaling.md).
 * Starts `npm run cluster`'s topology, runs bounded load through the gateway (members placing,
 * paying, cancelling, depositing, withdrawing, with a client that retries 502/503 with the same
 * idempotency key), and at set times kills one instance of each upstream, a Redis master, a job
 * instance, and the PostgreSQL primary (then promotes the replica). Then checks, on the new
 * primary, that nothing acknowledged was lost or doubled, prints a table and exits non-zero on
 * any problem. With the services of issue 16 (apps/inventory, apps/payment) it also kills
 * the inventory, the payment service and an order instance mid-transaction, drops and delays the
 * order<->inventory connections (fault proxies), and checks both databases' TCC branches
 * (chaos/tcc-verify.ts). First the storefront's Playwright specs (place, pay, cancel, expiry) run
 * in Chromium through the gateway (chaos/storefront.ts). Before the load it checks that sessions, caches and rate limits hold
 * across instances and that the rate limiter trusts the gateway's hop only (chaos/stateless.ts). Bounded: about 4-6 minutes on 2 cores, killed by .ci/run after 10.
 */
import { adminProbe, memberLoop, registerMembers, stockedSkus } from "./lib/cluster/chaos/load.ts";
import { ops, sleep, t0 } from "./lib/cluster/chaos/client.ts";
import { faultsFor, runFaults, type FaultRun } from "./lib/cluster/chaos/faults.ts";
import { checkInventoryIsolation } from "./lib/cluster/chaos/isolation.ts";
import { checkStatelessInstances } from "./lib/cluster/chaos/stateless.ts";
import { restartOrderInstances, runStorefrontSpecs } from "./lib/cluster/chaos/storefront.ts";
import {
  measureRecovery,
  snapshotInventory,
  verifyTcc,
  waitForFinalTransactions,
  type InventoryBaseline,
} from "./lib/cluster/chaos/tcc-verify.ts";
import { printTable, verify } from "./lib/cluster/chaos/verify.ts";
import { startCluster } from "./lib/cluster/start-cluster.ts";
import { GATEWAY_URL, INVENTORY_DATABASE, PG_PROXY_PORT, PG_REPLICA_PORT, pgUrl } from "./lib/cluster/topology.ts";
import { withClient } from "./lib/cluster/postgres-pair.ts";
import { fail, info, paint } from "./lib/log.ts";
import { repoRoot } from "./lib/paths.ts";
import { runStep } from "./lib/processes.ts";
import { installShutdownHandlers, shutdown } from "./lib/shutdown.ts";

const MEMBERS = 10;
/**
 * Short order holds during the load, so orders left unpaid expire during the test (the job sweeps
 * them). The browser specs before it run with the real 30 minutes; the order instances are then
 * restarted with this.
 */
const ORDER_TTL_SECONDS = 15;
/** Load after the last fault (the PostgreSQL failover): requests against the promoted primary. */
const TAIL_SECONDS = 12;
/** How long the recovery task may take to end every global transaction after the load. */
const RECOVERY_LIMIT_MS = 60_000;

async function main(): Promise<never> {
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });
  const lostProcesses: string[] = [];
  const cluster = await startCluster({
    // `--no-build` reuses the last build of web and admin (for iterating on the API, which the
    // instances run from source).
    build: !process.argv.includes("--no-build"),
    appEnv: {
      EXPIRE_INTERVAL_MS: "500",
      REGISTER_MAX_PER_IP_HOUR: "10000",
      LOGIN_MAX_ATTEMPTS_PER_IP: "10000",
      LOG_LEVEL: "warn",
      // Remote mode: a placement abandoned mid-Try (its instance killed) is cancelled by the
      // recovery task 5 s after it began (default 15 s), so the test's recovery times stay short.
      TCC_TRY_DEADLINE_MS: "5000",
    },
    inventoryProxies: true,
    onLost: (name) => lostProcesses.push(name),
  });
  const remote = cluster.remote.inventory;
  const problems: string[] = [];
  const summary: string[] = [];
  let baseline: InventoryBaseline | null = null;
  if (remote) problems.push(...(await checkInventoryIsolation(cluster.serviceToken)));
  // The storefront's own Playwright specs through the gateway and the services, first (their
  // products and orders come before the inventory baseline), with the real order holds.
  const storefront = await runStorefrontSpecs();
  problems.push(...storefront.problems);
  summary.push(storefront.summary);
  // What the specs left unpaid is due now: the job expires it (a TCC Cancel) before the load.
  await withClient(pgUrl(PG_PROXY_PORT), (c) =>
    c.query("UPDATE orders SET expires_at = now() WHERE status = 'UNPAID'"),
  );
  await restartOrderInstances(cluster, { ORDER_TTL_SECONDS: String(ORDER_TTL_SECONDS) });
  if (remote) {
    baseline = await snapshotInventory(pgUrl(PG_PROXY_PORT), pgUrl(PG_PROXY_PORT, INVENTORY_DATABASE));
  }
  const { faults, loadSeconds } = faultsFor(cluster);

  info(`chaos: registering ${MEMBERS} members through the gateway`);
  const members = await registerMembers(MEMBERS);
  const skus = await stockedSkus(members[0]?.token ?? "");
  info(
    `chaos: ${skus.length} SKUs; load for ${loadSeconds} s with ${faults.length} faults` +
      (remote ? " (stock in the inventory service)" : ""),
  );
  info("chaos: sessions, caches and rate limits across instances; the trusted proxy through the gateway");
  const stateless = await checkStatelessInstances(skus[0] ?? 0, (sql, values) =>
    withClient(pgUrl(PG_PROXY_PORT), async (c) => (await c.query<Record<string, unknown>>(sql, values)).rows),
  );
  problems.push(...stateless);
  summary.push(
    `instances stateless, proxy trusted only for its hop: ${stateless.length === 0 ? "yes" : `${stateless.length} problem(s)`}`,
  );
  // The README's buy-with-token example, unchanged, through the gateway (its typed client splits
  // tRPC batches by module, as the gateway requires).
  info("chaos: packages/api/examples/buy-with-token.ts through the gateway");
  const example = await runStep(
    "example",
    process.execPath,
    ["--import", "tsx", "packages/api/examples/buy-with-token.ts", GATEWAY_URL],
    { cwd: repoRoot, env: process.env },
  );
  if (example !== 0) problems.push(`the buy-with-token example failed through the gateway (exit code ${example})`);
  summary.push(`buy-with-token example through the gateway: ${example === 0 ? "passed" : "FAILED"}`);
  ops.length = 0;
  t0.at = Date.now();
  // The load runs for `loadSeconds`, and at least TAIL_SECONDS past the last fault (faults run one
  // after the other, and a restart on a busy machine can push the later ones back).
  let end = t0.at + loadSeconds * 1000;
  const until = () => end;
  const running: Promise<FaultRun[]> = runFaults(
    cluster,
    faults,
    t0.at,
    remote ? (healedAtMs) => measureRecovery(pgUrl(PG_PROXY_PORT), healedAtMs, RECOVERY_LIMIT_MS) : undefined,
  ).then((runs) => {
    end = Math.max(end, Date.now() + TAIL_SECONDS * 1000);
    return runs;
  });
  await Promise.all([...members.map((m) => memberLoop(m, skus, until)), adminProbe(until)]);
  const faultRuns = await running;

  info(`chaos: load done (${ops.length} operations); waiting for the surviving job to expire what is left`);
  await waitForNoOverdue(pgUrl(PG_REPLICA_PORT), ORDER_TTL_SECONDS * 1000 + 30_000);
  if (remote && baseline) {
    const open = await waitForFinalTransactions(pgUrl(PG_REPLICA_PORT), RECOVERY_LIMIT_MS);
    if (open !== 0)
      problems.push(`${open} global transactions still mid-way ${RECOVERY_LIMIT_MS / 1000} s after the load`);
    const tcc = await verifyTcc(pgUrl(PG_REPLICA_PORT), pgUrl(PG_REPLICA_PORT, INVENTORY_DATABASE), baseline);
    problems.push(...tcc.problems);
    summary.push(...tcc.summary);
  }
  const recoveries = await Promise.all(faultRuns.map((run) => run.recovery ?? Promise.resolve(undefined)));
  const verdict = await verify(
    pgUrl(PG_REPLICA_PORT),
    ops,
    faultRuns,
    recoveries,
    remote ? pgUrl(PG_REPLICA_PORT, INVENTORY_DATABASE) : undefined,
  );
  verdict.problems.push(...problems);
  for (const [i, seconds] of recoveries.entries())
    if (seconds === null)
      verdict.problems.push(`${faultRuns[i]?.fault.name}: not recovered within ${RECOVERY_LIMIT_MS / 1000} s`);
  const unexpected = lostProcesses.filter((name) => !faultRuns.some((f) => f.detail.includes(name)));
  for (const name of unexpected) verdict.problems.push(`${name} died without being killed`);

  console.log("");
  printTable(verdict.table);
  const lost = verdict.table.slice(1).reduce((sum, row) => sum + Number(row[6] ?? 0), 0);
  const refusals = new Map<string, number>();
  for (const op of ops) if (op.domainCode) refusals.set(op.domainCode, (refusals.get(op.domainCode) ?? 0) + 1);
  summary.push(
    `refused (domain answers): ${[...refusals.entries()].map(([code, n]) => `${code} ${n}`).join(", ") || "none"}`,
  );
  for (const line of summary) console.log(line);
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
