import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { info } from "../log.ts";
import { repoRoot, rel } from "../paths.ts";
import { runStep, spawnManaged, type ManagedProcess } from "../processes.ts";
import { which } from "../which.ts";
import {
  clusterDir,
  GATEWAY_PORT,
  PAYMENT_PORTS,
  PG_PRIMARY_PORT,
  PG_PROXY_PORT,
  PG_REPLICA_PORT,
  services,
  UPSTREAMS,
} from "./topology.ts";

/**
 * nginx from Debian's packages, without a system service: `apt-get download` + `dpkg -x` into
 * .data/cluster/nginx-pkg (an `apt-get install` would start a system nginx on port 80). The
 * `stream` module (the PostgreSQL write endpoint) is a separate package on Debian 12.
 */
const pkgDir = path.join(clusterDir, "nginx-pkg");
const PACKAGES = ["nginx", "libnginx-mod-stream"];
const template = path.join(repoRoot, "scripts/cluster/nginx.conf.template");

export interface NginxBinary {
  bin: string;
  modulesDir: string;
}

export async function ensureNginx(): Promise<NginxBinary> {
  const local = { bin: path.join(pkgDir, "usr/sbin/nginx"), modulesDir: path.join(pkgDir, "usr/lib/nginx/modules") };
  if (existsSync(local.bin) && existsSync(path.join(local.modulesDir, "ngx_stream_module.so"))) return local;
  const system = which("nginx");
  if (system && existsSync("/usr/lib/nginx/modules/ngx_stream_module.so"))
    return { bin: system, modulesDir: "/usr/lib/nginx/modules" };

  info(`nginx: not found; fetching Debian's ${PACKAGES.join(", ")} into ${rel(pkgDir)} (no system service)`);
  const debDir = path.join(pkgDir, "debs");
  mkdirSync(debDir, { recursive: true });
  const opts = { cwd: debDir, env: process.env };
  if ((await runStep("apt", "apt-get", ["download", "-q", ...PACKAGES], opts)) !== 0) {
    // A fresh machine has no package lists yet.
    await runStep("apt", "apt-get", ["update", "-q"], opts);
    if ((await runStep("apt", "apt-get", ["download", "-q", ...PACKAGES], opts)) !== 0)
      throw new Error("could not download nginx from Debian's packages (apt-get download nginx libnginx-mod-stream)");
  }
  for (const deb of readdirSync(debDir).filter((f) => f.endsWith(".deb"))) {
    const code = await runStep("dpkg", "dpkg", ["-x", path.join(debDir, deb), pkgDir], opts);
    if (code !== 0) throw new Error(`dpkg -x ${deb} failed`);
  }
  if (!existsSync(local.bin)) throw new Error(`nginx binary missing after unpacking (${rel(local.bin)})`);
  return local;
}

/**
 * What a caller other than `npm run cluster` changes in the same template (the bench's gateway
 * phase): where it listens and runs, and the servers behind each upstream. Unset fields are the
 * cluster's topology.
 */
export interface NginxOverrides {
  runDir?: string;
  gatewayPort?: number;
  /** The `stream` part: the PostgreSQL write endpoint's listen port and its two servers. */
  pg?: { proxyPort: number; primaryPort: number; replicaPort: number };
  /** Ports (127.0.0.1) behind every HTTP upstream (member, order, admin, payment) alike. */
  appPorts?: number[];
}

/** Renders scripts/cluster/nginx.conf.template for the topology; returns the config's path. */
export function writeNginxConfig(binary: NginxBinary, overrides: NginxOverrides = {}): string {
  const runDir = overrides.runDir ?? path.join(clusterDir, "nginx");
  mkdirSync(path.join(runDir, "tmp"), { recursive: true });
  const servers = (ports: number[]) =>
    ports.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join("\n");
  const values: Record<string, string> = {
    MODULES_DIR: binary.modulesDir,
    RUN_DIR: runDir,
    GATEWAY_PORT: String(overrides.gatewayPort ?? GATEWAY_PORT),
    PG_PROXY_PORT: String(overrides.pg?.proxyPort ?? PG_PROXY_PORT),
    PG_PRIMARY_PORT: String(overrides.pg?.primaryPort ?? PG_PRIMARY_PORT),
    PG_REPLICA_PORT: String(overrides.pg?.replicaPort ?? PG_REPLICA_PORT),
  };
  for (const upstream of UPSTREAMS)
    values[`${upstream.name.toUpperCase()}_SERVERS`] = servers(overrides.appPorts ?? upstream.ports);
  const orderPorts = UPSTREAMS.find((u) => u.name === "order")?.ports ?? [];
  values.PAYMENT_SERVERS = servers(overrides.appPorts ?? (services.payment ? [...PAYMENT_PORTS] : orderPorts));
  const text = readFileSync(template, "utf8").replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`nginx template: unknown placeholder ${whole}`);
    return value;
  });
  const file = path.join(runDir, "nginx.conf");
  writeFileSync(file, text);
  return file;
}

export async function startNginx(binary: NginxBinary, configFile: string): Promise<ManagedProcess> {
  const prefix = path.dirname(configFile);
  const args = ["-p", prefix, "-c", configFile, "-e", path.join(prefix, "error.log")];
  const check = await runStep("nginx", binary.bin, [...args, "-t", "-q"], { cwd: prefix, env: process.env });
  if (check !== 0) throw new Error(`nginx rejected ${rel(configFile)}`);
  return spawnManaged("nginx", binary.bin, [...args, "-g", "daemon off;"], {
    cwd: prefix,
    env: process.env,
    stopSignal: "SIGQUIT", // graceful: finish in-flight requests
  });
}
