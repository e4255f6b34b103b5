/**
 * `npm run cluster`: Trade as a cluster on one machine (docs/scaling.md), from a fresh clone.
 *   nginx gateway :28080 -> member API + storefront x2, order API x2, admin x2; job x2;
 *   Redis Cluster (6 nodes); PostgreSQL 15 primary + synchronous streaming replica.
 * Everything it creates lives under .data/cluster/ and starts fresh each run.
 * Ctrl-C / SIGTERM stops every process it started. A process that dies on its own is reported
 * and the rest keep serving (that is what the cluster is for).
 */
import { startCluster } from "./lib/cluster/start-cluster.ts";
import { GATEWAY_URL } from "./lib/cluster/topology.ts";
import { fail, paint, warn } from "./lib/log.ts";
import { installShutdownHandlers, isShuttingDown, shutdown } from "./lib/shutdown.ts";

async function main(): Promise<void> {
  installShutdownHandlers({ signalExitCode: () => 0 });
  const cluster = await startCluster({
    build: true,
    onLost: (name) => {
      if (!isShuttingDown())
        warn(`${name} exited; the gateway routes around it (restart \`npm run cluster\` to get it back)`);
    },
  });
  if (isShuttingDown()) return;
  console.log(
    [
      "",
      paint("green", "Trade cluster is running"),
      `  Storefront   ${paint("bold", GATEWAY_URL)}`,
      `  Admin        ${paint("bold", `${GATEWAY_URL}/admin`)}`,
      `  Instances    ${[...cluster.apps.keys(), ...cluster.jobs.map((j) => j.name)].join(", ")}`,
      `  Demo logins  demo@trade.test / ops@trade.test, password demo-password-1`,
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
