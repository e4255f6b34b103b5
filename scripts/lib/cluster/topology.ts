import path from "node:path";
import { dataDir } from "../paths.ts";

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

export function pgUrl(port: number, database = PG_DATABASE): string {
  return `postgresql://postgres@127.0.0.1:${port}/${database}`;
}

export const redisNodes = REDIS_PORTS.map((port) => `127.0.0.1:${port}`).join(",");
