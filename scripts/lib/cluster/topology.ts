import { existsSync } from "node:fs";
import path from "node:path";
import { dataDir, repoRoot } from "../paths.ts";

/**
 * The fixed ports of `npm run cluster` (and of `npm run test:cluster`, which starts the same
 * topology). Clear of the machine's own services (5432, 6379, 4222, 5672, 3306, 1883, 25672)
 * and below Linux's ephemeral range (32768+: an outgoing connection may hold such a port as its
 * local end, and a listen on it then fails). Redis nodes also open port + 10000 for the
 * cluster bus: 21001-21006 -> 31001-31006.
 */
export const clusterDir = path.join(dataDir, "cluster");

export const GATEWAY_PORT = 28080;
export const GATEWAY_URL = `http://localhost:${GATEWAY_PORT}`;

/** The write endpoint: nginx `stream` in front of the primary, the replica as backup. */
export const PG_PROXY_PORT = 25400;
export const PG_PRIMARY_PORT = 25432;
export const PG_REPLICA_PORT = 25433;
export const PG_DATABASE = "trade";
/** The inventory service's own database, on the same replicated pair (docs/scaling.md#services). */
export const INVENTORY_DATABASE = "trade_inventory";

export const REDIS_PORTS = [21001, 21002, 21003, 21004, 21005, 21006] as const;

/** One upstream per module; each is served by two instances of the app that owns it. */
export interface Upstream {
  name: "member" | "order" | "admin";
  app: "web" | "admin";
  ports: number[];
}

export const UPSTREAMS: Upstream[] = [
  { name: "member", app: "web", ports: [28101, 28102] },
  { name: "order", app: "web", ports: [28111, 28112] },
  { name: "admin", app: "admin", ports: [28121, 28122] },
];

/** The job instances' /health and /metrics ports. */
export const JOB_PORTS = [28131, 28132] as const;

/**
 * The services of the split topology (issue 16). The inventory is never behind the gateway: only
 * the order side calls it, with the service token. The payment instances serve `order.pay`.
 */
export const INVENTORY_PORTS = [28141, 28142] as const;
export const PAYMENT_PORTS = [28151, 28152] as const;
/**
 * The chaos test's fault proxies, one in front of each inventory instance (order side ->
 * proxy -> inventory): the order side's INVENTORY_URL names these, so the test can drop, delay
 * or refuse the order<->inventory connections (scripts/lib/cluster/chaos/fault-proxy.ts).
 */
export const INVENTORY_PROXY_PORTS = [28161, 28162] as const;

/**
 * Which services of issue 16 this checkout has: each one switches on when its app exists, so the
 * cluster runs as before on a checkout without them (and the same code runs them once they land).
 */
export const services = {
  inventory: existsSync(path.join(repoRoot, "apps/inventory/src/main.ts")),
  payment: existsSync(path.join(repoRoot, "apps/payment/src/main.ts")),
};

export function pgUrl(port: number, database = PG_DATABASE): string {
  return `postgresql://postgres@127.0.0.1:${port}/${database}`;
}

export const redisNodes = REDIS_PORTS.map((port) => `127.0.0.1:${port}`).join(",");
