/**
 * The `gateway` phase (issue 15): `order.place` on spread SKUs straight to the bench's web server
 * and through nginx in front of that same server, in alternating turns. nginx is the cluster's
 * own: Debian's binary (ensureNginx) and the config rendered from the cluster's template
 * (scripts/cluster/nginx.conf.template), only with its ports, run directory and servers changed:
 * every HTTP upstream (member, order, admin, payment) is the bench web, so `order.place` takes the
 * cluster's route (the order upstream, keepalive, the forwarded headers). The template's `stream`
 * part (the PostgreSQL write endpoint) listens on a free port in front of a port nothing listens
 * on: no bench traffic goes through it.
 */
import path from "node:path";
import { info } from "../lib/log.ts";
import { dataDir } from "../lib/paths.ts";
import { freePort, waitForTcp } from "../lib/ports.ts";
import { ensureNginx, startNginx, writeNginxConfig } from "../lib/cluster/nginx.ts";
import type { PhaseResult } from "./stats.ts";
import { alternateTurns } from "./turns.ts";
import type { WebServer } from "./web.ts";

export interface GatewayResult {
  phases: PhaseResult[];
  /** order.place 2xx/s, mean of two turns each. */
  direct: number;
  gateway: number;
}

export interface GatewayInput {
  web: WebServer;
  /** order.place on spread SKUs for the run's duration against `baseUrl` (fresh keys under `prefix`). */
  place: (baseUrl: string, name: string, prefix: string, seconds?: number) => Promise<PhaseResult>;
}

const WARM_UP_SECONDS = 5;
const TURNS = 2;

export async function runGatewayPhase(input: GatewayInput): Promise<GatewayResult> {
  const binary = await ensureNginx();
  const port = await freePort();
  const unused = await freePort();
  const config = writeNginxConfig(binary, {
    runDir: path.join(dataDir, "bench-nginx"),
    gatewayPort: port,
    pg: { proxyPort: await freePort(), primaryPort: unused, replicaPort: unused },
    appPorts: [Number(new URL(input.web.url).port)],
  });
  const nginx = await startNginx(binary, config);
  try {
    await waitForTcp("127.0.0.1", port, 10_000);
    const gatewayUrl = `http://127.0.0.1:${port}`;
    // The gateway echoes its request id: proof that the answers below came through nginx.
    const probe = await fetch(`${gatewayUrl}/api/trpc/catalog.currencies`);
    await probe.arrayBuffer();
    if (!probe.ok || !probe.headers.get("x-request-id"))
      throw new Error(`gateway: ${gatewayUrl} answered ${probe.status} without an X-Request-Id`);
    info(`gateway: nginx (the cluster's template) on ${gatewayUrl} in front of ${input.web.url}`);
    // Unmeasured: the web's JIT and pool, nginx's keepalive connections to it.
    await input.place(gatewayUrl, "warm-up", "gw", WARM_UP_SECONDS);
    await input.place(input.web.url, "warm-up", "dw", WARM_UP_SECONDS);
    const { phases, mean } = await alternateTurns(
      [
        { key: "direct", run: (t) => input.place(input.web.url, `place spread, direct (${t})`, "gd") },
        { key: "gateway", run: (t) => input.place(gatewayUrl, `place spread, through nginx (${t})`, "gg") },
      ],
      TURNS,
    );
    return { phases, direct: mean.direct ?? 0, gateway: mean.gateway ?? 0 };
  } finally {
    await nginx.stop();
  }
}
