import path from "node:path";
import { startAppServer } from "../app-server.ts";
import { authSecret } from "../auth-secret.ts";
import { childEnv } from "../child-env.ts";
import { info, seconds } from "../log.ts";
import { binPath, repoRoot } from "../paths.ts";
import { isPortFree, waitForTcp } from "../ports.ts";
import { runStep, spawnManaged, type ManagedProcess } from "../processes.ts";
import { ensureNginx, startNginx, writeNginxConfig } from "./nginx.ts";
import { startPostgresPair, type PostgresPair } from "./postgres-pair.ts";
import { startRedisCluster, type RedisCluster } from "./redis-cluster.ts";
import { startProxies, type FaultProxy } from "./chaos/fault-proxy.ts";
import { handOverStock } from "./handover.ts";
import {
  createInventoryDatabase,
  inventoryDatabaseUrl,
  inventorySpecs,
  inventoryUrls,
  logServices,
  paymentSpecs,
  serviceToken,
  startService,
  waitForHealth,
  type ServiceSpec,
} from "./services.ts";
import {
  GATEWAY_PORT,
  GATEWAY_URL,
  INVENTORY_PORTS,
  INVENTORY_PROXY_PORTS,
  JOB_PORTS,
  PAYMENT_PORTS,
  PG_PRIMARY_PORT,
  PG_PROXY_PORT,
  PG_REPLICA_PORT,
  pgUrl,
  REDIS_PORTS,
  redisNodes,
  services,
  UPSTREAMS,
} from "./topology.ts";

/**
 * Starts the whole clustered topology on this machine (see docs/scaling.md): PostgreSQL primary +
 * synchronous replica, Redis Cluster, nginx (HTTP gateway and PostgreSQL write endpoint),
 * migrations and demo data, two instances per upstream, two job instances. Every process is a
 * managed child: the caller's shutdown stops them all (apps first, then engines).
 */
export interface Cluster {
  postgres: PostgresPair;
  redis: RedisCluster;
  nginx: ManagedProcess;
  /** App instances by name (`member-1`, `order-2`, `admin-1`, ...). */
  apps: Map<string, ManagedProcess>;
  jobs: ManagedProcess[];
  /** Inventory and payment instances by name (`inventory-1`, `payment-2`); empty without the apps. */
  services: Map<string, ManagedProcess>;
  /** The fault proxies in front of the inventory instances (chaos test only), in port order. */
  proxies: FaultProxy[];
  /** The service credential the order side sends to the inventory (fresh per run). */
  serviceToken: string;
  /** Whether stock lives in the inventory service (apps/inventory exists) and pay in apps/payment. */
  remote: { inventory: boolean; payment: boolean };
  /**
   * Starts an app or service instance again on its port (after a kill or a stop). `env` is merged
   * into that instance's environment for this start and every later one.
   */
  restartApp(name: string, env?: NodeJS.ProcessEnv): ManagedProcess;
}

export interface ClusterOptions {
  /** Skip `turbo run build` (the chaos test only needs the API, which runs from source). */
  build: boolean;
  /** Extra environment for the apps and jobs (e.g. shorter order TTLs in the chaos test). */
  appEnv?: NodeJS.ProcessEnv;
  /** Called when a process dies that nobody stopped (the cluster keeps running without it). */
  onLost?: (name: string) => void;
  /** Put a fault proxy between the order side and each inventory instance (the chaos test). */
  inventoryProxies?: boolean;
}

const MIGRATE_SCRIPT = "db:migrate";
const SEED_SCRIPT = "db:seed";

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const startedAt = performance.now();
  const ports = [
    GATEWAY_PORT,
    PG_PROXY_PORT,
    PG_PRIMARY_PORT,
    PG_REPLICA_PORT,
    ...REDIS_PORTS,
    ...REDIS_PORTS.map((p) => p + 10_000),
    ...UPSTREAMS.flatMap((u) => u.ports),
    ...JOB_PORTS,
    ...(services.inventory ? [...INVENTORY_PORTS, ...(options.inventoryProxies ? INVENTORY_PROXY_PORTS : [])] : []),
    ...(services.payment ? PAYMENT_PORTS : []),
  ];
  for (const port of ports) {
    if (!(await isPortFree(port))) throw new Error(`port ${port} is in use (another \`npm run cluster\` running?)`);
  }
  const nginxBinary = await ensureNginx();
  const postgres = await startPostgresPair();
  const redis = await startRedisCluster();
  const nginx = await startNginx(nginxBinary, writeNginxConfig(nginxBinary));
  await waitForTcp("127.0.0.1", GATEWAY_PORT, 10_000);
  info(`gateway: nginx on ${GATEWAY_URL} (PostgreSQL write endpoint :${PG_PROXY_PORT})`);

  const base = childEnv();
  const dbEnv = { ...base, DATABASE_URL: pgUrl(PG_PROXY_PORT) };
  for (const script of [MIGRATE_SCRIPT, SEED_SCRIPT]) {
    const code = await runStep(script, "npm", ["run", "--silent", script], { cwd: repoRoot, env: dbEnv });
    if (code !== 0) throw new Error(`${script} failed (exit code ${code})`);
  }
  if (options.build) await build(base);

  // Issue 16: the inventory service on its own database (migrated by its instances on start,
  // under an advisory lock), then the handover of the seeded stock from the order database.
  const token = serviceToken();
  const serviceProcs = new Map<string, ManagedProcess>();
  const serviceSpecs = new Map<string, ServiceSpec>();
  let proxies: FaultProxy[] = [];
  if (services.inventory) {
    await createInventoryDatabase();
    const specs = inventorySpecs(base, token);
    for (const spec of specs) {
      serviceSpecs.set(spec.name, spec);
      serviceProcs.set(spec.name, startService(spec));
    }
    await Promise.all(
      specs.map((spec) => waitForHealth(`http://127.0.0.1:${spec.port}`, 120_000, serviceProcs.get(spec.name))),
    );
    if (options.inventoryProxies)
      proxies = await startProxies(
        INVENTORY_PROXY_PORTS.map((listen, i) => ({ listen, target: INVENTORY_PORTS[i] ?? 0 })),
      );
    await handOverStock({ databaseUrl: pgUrl(PG_PROXY_PORT), inventoryUrls: inventoryUrls(false), token });
  }
  logServices(services.inventory, services.payment);

  const secret = authSecret();
  const appEnv: NodeJS.ProcessEnv = {
    ...dbEnv,
    NODE_ENV: "production",
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret,
    // Stale-tolerant reads (catalogue, product pages, reports, history) go to the replica.
    DATABASE_REPLICA_URL: pgUrl(PG_REPLICA_PORT),
    REDIS_CLUSTER_NODES: redisNodes,
    // The apps sit behind the gateway: X-Forwarded-For is read only from it.
    TRUSTED_PROXIES: "127.0.0.1/32",
    WEB_CONCURRENCY: "1",
    DB_POOL_SIZE: "8",
    ...(services.inventory
      ? { INVENTORY_URL: inventoryUrls(options.inventoryProxies ?? false), SERVICE_TOKEN: token }
      : {}),
    ...options.appEnv,
  };
  delete appEnv.REDIS_URL;

  const apps = new Map<string, ManagedProcess>();
  const watch = (proc: ManagedProcess) => {
    let stopped = false;
    const stop = proc.stop.bind(proc);
    proc.stop = (grace) => ((stopped = true), stop(grace));
    void proc.exited.then(() => {
      if (!stopped) options.onLost?.(proc.name);
    });
    return proc;
  };
  const appSpecs = new Map<string, { dir: string; port: number; env: NodeJS.ProcessEnv }>();
  for (const upstream of UPSTREAMS) {
    const dir = upstream.app === "web" ? "apps/web" : "apps/admin";
    const nextAuthUrl = upstream.app === "web" ? GATEWAY_URL : `${GATEWAY_URL}/admin/api/auth`;
    upstream.ports.forEach((port, i) => {
      appSpecs.set(`${upstream.name}-${i + 1}`, { dir, port, env: { ...appEnv, NEXTAUTH_URL: nextAuthUrl } });
    });
  }
  if (services.payment) for (const spec of paymentSpecs(appEnv)) serviceSpecs.set(spec.name, spec);
  const startApp = (name: string, env?: NodeJS.ProcessEnv): ManagedProcess => {
    const service = serviceSpecs.get(name);
    const spec = appSpecs.get(name);
    if (env) for (const target of [service, spec]) if (target) target.env = { ...target.env, ...env };
    if (service) {
      const proc = watch(startService(service));
      serviceProcs.set(name, proc);
      return proc;
    }
    if (!spec) throw new Error(`no app instance ${name}`);
    const proc = watch(startAppServer(name, spec.dir, { port: spec.port, env: spec.env, host: "127.0.0.1" }));
    apps.set(name, proc);
    return proc;
  };
  for (const proc of serviceProcs.values()) watch(proc);
  for (const name of appSpecs.keys()) startApp(name);
  if (services.payment) for (const spec of paymentSpecs(appEnv)) startApp(spec.name);
  const jobs = JOB_PORTS.map((port, i) =>
    watch(
      spawnManaged(`job-${i + 1}`, process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: path.join(repoRoot, "apps/job"),
        env: {
          ...appEnv,
          JOB_HTTP_PORT: String(port),
          JOB_DB_POOL_SIZE: "4",
          // The reconciliation checks the inventory's stock against the open orders.
          ...(services.inventory ? { INVENTORY_DATABASE_URL: inventoryDatabaseUrl } : {}),
        },
      }),
    ),
  );
  await Promise.all(
    [...appSpecs.values(), ...(services.payment ? paymentSpecs(appEnv) : [])].map((spec) =>
      waitForTcp("127.0.0.1", spec.port, 120_000),
    ),
  );
  info(`cluster ready in ${seconds(startedAt)}`);
  return {
    postgres,
    redis,
    nginx,
    apps,
    jobs,
    services: serviceProcs,
    proxies,
    serviceToken: token,
    remote: { ...services },
    restartApp: startApp,
  };
}

async function build(env: NodeJS.ProcessEnv): Promise<void> {
  const startedAt = performance.now();
  info("building web and admin (turbo caches unchanged builds)...");
  const code = await runStep(
    "build",
    binPath("turbo"),
    ["run", "build", "--filter=@trade/web", "--filter=@trade/admin", "--output-logs=errors-only"],
    { cwd: repoRoot, env, stopSignal: "SIGINT" },
  );
  if (code !== 0) throw new Error(`build failed (exit code ${code})`);
  info(`build finished in ${seconds(startedAt)}`);
}
