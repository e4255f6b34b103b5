import { createRequire } from "node:module";
import path from "node:path";
import { ensureBrowser } from "../../browser.ts";
import { info, seconds } from "../../log.ts";
import { repoRoot } from "../../paths.ts";
import { waitForTcp } from "../../ports.ts";
import { runStep } from "../../processes.ts";
import type { Cluster } from "../start-cluster.ts";
import { GATEWAY_URL, PG_PROXY_PORT, pgUrl, UPSTREAMS } from "../topology.ts";

/**
 * The storefront's own Playwright specs, unchanged, in Chromium through the gateway of the
 * clustered topology: place (cart checkout), pay (the payment service), cancel and expiry (the
 * job's sweep) all cross the service boundary to the inventory service, so the same specs that
 * pass against `npm start`'s in-process adapter pass against the remote one.
 */
const SPECS = ["apps/web/e2e/main-flow.spec.ts", "apps/web/e2e/money.spec.ts", "apps/web/e2e/order-expiry.spec.ts"];

export async function runStorefrontSpecs(): Promise<{ problems: string[]; summary: string }> {
  const startedAt = performance.now();
  const browser = ensureBrowser(info);
  const cli = createRequire(path.join(repoRoot, "package.json")).resolve("@playwright/test/cli");
  info(`chaos: the storefront's Playwright specs through the gateway (${browser.path})`);
  const code = await runStep("playwright", process.execPath, [cli, "test", "--project=web", ...SPECS], {
    cwd: repoRoot,
    env: {
      ...process.env,
      E2E_WEB_URL: GATEWAY_URL,
      E2E_ADMIN_URL: `${GATEWAY_URL}/admin`,
      // The order-deadline writes of order-expiry.spec.ts go to the cluster's write endpoint; the
      // cluster's database is this run's own (apps/web/e2e/support/database.ts).
      E2E_DATABASE_URL: pgUrl(PG_PROXY_PORT),
      E2E_DATABASE_THROWAWAY: "1",
      CHROMIUM_PATH: browser.path,
      // Two cores also run the whole topology.
      E2E_WORKERS: "2",
    },
    prefix: false,
    stopSignal: "SIGINT",
  });
  const verdict = code === 0 ? "passed" : `FAILED (exit code ${code})`;
  return {
    problems: code === 0 ? [] : [`the storefront's Playwright specs failed through the gateway (exit code ${code})`],
    summary: `storefront in Chromium through the services (${SPECS.length} specs: place, pay, cancel, expiry): ${verdict} in ${seconds(startedAt)}`,
  };
}

/**
 * Restarts the order instances one at a time (the gateway always has one) with `env` merged in:
 * the chaos load wants short order holds, the browser specs the real 30 minutes.
 */
export async function restartOrderInstances(cluster: Cluster, env: NodeJS.ProcessEnv): Promise<void> {
  const order = UPSTREAMS.find((u) => u.name === "order");
  for (const [i, port] of (order?.ports ?? []).entries()) {
    const name = `order-${i + 1}`;
    await cluster.apps.get(name)?.stop(10_000);
    cluster.restartApp(name, env);
    await waitForTcp("127.0.0.1", port, 120_000);
  }
}
