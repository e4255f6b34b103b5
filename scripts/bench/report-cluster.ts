/** The gateway and replica phases' lines and targets in the printed report and docs/performance.md. */
import type { GatewayResult } from "./gateway.ts";
import type { LagStats } from "./replica-lag.ts";
import type { ReplicaResult } from "./replica.ts";
import type { Verdict } from "./report.ts";
import { fmt } from "./stats.ts";

/** Issue 15's target: the gateway costs at most a tenth of the direct throughput. */
export const GATEWAY_TARGET = 0.9;

export function gatewayText(g: GatewayResult): string {
  return `gateway (issue 15): order.place on spread SKUs, 2xx/s, two alternating turns each: through nginx ${fmt(g.gateway, 0)} / direct ${fmt(g.direct, 0)} = ${fmt(g.gateway / g.direct, 2)}`;
}

function lagText(l: LagStats): string {
  return `p50 ${fmt(l.p50)} / p99 ${fmt(l.p99)} / max ${fmt(l.max)} ms (${l.samples - l.idle} of ${l.samples} samples every 100 ms with a figure), at most ${fmt(l.maxBytesBehind / 1024)} kB of WAL behind`;
}

export function replicaText(r: ReplicaResult): string {
  const d = r.data;
  return (
    `replica (issue 15): order.place on spread SKUs, 2xx/s, two alternating turns each, on the cluster's PostgreSQL 15 pair (${d.members.toLocaleString("en")} members, ${d.skus.toLocaleString("en")} SKUs, ${d.spreadSkus.toLocaleString("en")} spread): ` +
    `primary + synchronous replica (remote_apply) ${fmt(r.pair, 0)} / single server ${fmt(r.single, 0)} = ${fmt(r.pair / r.single, 2)}; ` +
    `the same pair with synchronous_commit = local ${fmt(r.pairLocal, 0)} (remote_apply / local = ${fmt(r.pair / r.pairLocal, 2)}); ` +
    `replica replay lag under the remote_apply load ${lagText(r.lag)}; under the local-commit load ${lagText(r.lagLocal)}; ` +
    `pair database after the load: ${r.checks.invariants.length} invariant violations, ${r.checks.negative} SKUs negative, ${r.checks.notConserved} not conserved`
  );
}

export function clusterVerdicts(g: GatewayResult | null, r: ReplicaResult | null): Verdict[] {
  const out: Verdict[] = [];
  if (g)
    out.push({
      target: `order.place through the nginx gateway >= ${GATEWAY_TARGET} x direct (spread SKUs)`,
      measured: `${fmt(g.gateway / g.direct, 2)} (${fmt(g.gateway, 0)} / ${fmt(g.direct, 0)} orders/s)`,
      met: g.gateway / g.direct >= GATEWAY_TARGET,
    });
  if (r) {
    const c = r.checks;
    out.push({
      target: "(extra) replica pair: zero invariant violations, nothing oversold, zero 5xx",
      measured: `violations ${c.invariants.length}, negative ${c.negative}, not conserved ${c.notConserved}, 5xx ${c.serverErrors}, transport errors ${c.transportErrors}`,
      met: c.passed,
    });
  }
  return out;
}
