import { randomBytes } from "node:crypto";
import path from "node:path";
import { info } from "../log.ts";
import { repoRoot } from "../paths.ts";
import { spawnManaged, type ManagedProcess } from "../processes.ts";
import { withClient } from "./postgres-pair.ts";
import {
  GATEWAY_URL,
  INVENTORY_DATABASE,
  INVENTORY_PORTS,
  INVENTORY_PROXY_PORTS,
  PAYMENT_PORTS,
  PG_PROXY_PORT,
  pgUrl,
} from "./topology.ts";

/**
 * The services of issue 16 in the cluster: the inventory service (its own database,
 * `trade_inventory`, on the same replicated PostgreSQL pair, reached through the same write
 * endpoint so a failover moves it too) and the payment service. Each instance is a managed child
 * like the app instances; the inventory listens on 127.0.0.1 only and is never behind the gateway.
 */
export interface ServiceSpec {
  name: string;
  cwd: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

export const inventoryDatabaseUrl = pgUrl(PG_PROXY_PORT, INVENTORY_DATABASE);

/** A fresh service credential per run: the order side and the inventory share it, nobody else. */
export function serviceToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The inventory's own database, on the primary (the replica gets it by streaming). */
export async function createInventoryDatabase(): Promise<void> {
  await withClient(pgUrl(PG_PROXY_PORT, "postgres"), (c) => c.query(`CREATE DATABASE ${INVENTORY_DATABASE}`));
}

/**
 * The order side's INVENTORY_URL: the fault proxies when the chaos test runs them (so it can
 * drop and delay the order<->inventory connections), else the instances themselves.
 */
export function inventoryUrls(viaProxies: boolean): string {
  const ports = viaProxies ? INVENTORY_PROXY_PORTS : INVENTORY_PORTS;
  return ports.map((port) => `http://127.0.0.1:${port}`).join(",");
}

export function inventorySpecs(base: NodeJS.ProcessEnv, token: string): ServiceSpec[] {
  return INVENTORY_PORTS.map((port, i) => ({
    name: `inventory-${i + 1}`,
    cwd: path.join(repoRoot, "apps/inventory"),
    port,
    env: {
      ...base,
      NODE_ENV: "production",
      INVENTORY_DATABASE_URL: inventoryDatabaseUrl,
      INVENTORY_PORT: String(port),
      SERVICE_TOKEN: token,
    },
  }));
}

/** `appEnv` is the order side's environment (INVENTORY_URL, SERVICE_TOKEN, AUTH_SECRET, ...). */
export function paymentSpecs(appEnv: NodeJS.ProcessEnv): ServiceSpec[] {
  return PAYMENT_PORTS.map((port, i) => ({
    name: `payment-${i + 1}`,
    cwd: path.join(repoRoot, "apps/payment"),
    port,
    // NEXTAUTH_URL: the storefront's public origin (its session cookie, the allowed origin).
    env: { ...appEnv, PORT: String(port), HOST: "127.0.0.1", NEXTAUTH_URL: GATEWAY_URL },
  }));
}

export function startService(spec: ServiceSpec): ManagedProcess {
  return spawnManaged(spec.name, process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: spec.cwd,
    env: spec.env,
  });
}

/** Resolves when `GET <url>/health` answers 200 (the inventory's: its database answers). */
export async function waitForHealth(url: string, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc?.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${proc?.name ?? url} exited before it was healthy`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/health did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function logServices(inventory: boolean, payment: boolean): void {
  const parts = [
    inventory ? `inventory :${INVENTORY_PORTS.join(", :")} (database ${INVENTORY_DATABASE})` : "inventory in-process",
    payment ? `payment :${PAYMENT_PORTS.join(", :")}` : "pay on the order instances",
  ];
  info(`services: ${parts.join("; ")}`);
}
