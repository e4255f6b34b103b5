/**
 * The payment service's process: `npm start -w @trade/payment`.
 * Env: PORT (default 3200), HOST (default 127.0.0.1: the gateway is its only client),
 * DATABASE_URL (the order database), AUTH_SECRET (the storefront's, to read its session cookie),
 * NEXTAUTH_URL (the storefront's public URL: cookie security and the allowed origin),
 * INVENTORY_URL + SERVICE_TOKEN (remote inventory mode: pay confirms the stock branch there),
 * REDIS_URL (optional, as for the storefront). SIGTERM / SIGINT: stop accepting, let in-flight
 * payments finish (10 s at most), close the pools, exit 0.
 */
import { getAppDeps } from "@trade/api";
import { storefrontAuthConfig, storefrontOrigins } from "@trade/server/auth";
import { paymentEnv } from "./env.ts";
import { startPaymentService } from "./server.ts";

const DRAIN_MS = 10_000;

const env = paymentEnv();
const deps = getAppDeps({
  databaseUrl: env.DATABASE_URL,
  allowedOrigins: storefrontOrigins(env),
  applicationName: "trade-payment",
});
// Paying in local mode against an order database whose stock was handed over would consume
// units that are not there: refuse to start rather than pay the wrong way.
if (env.inventoryUrl && deps.inventory?.kind !== "remote") {
  console.error("payment: INVENTORY_URL is set but the API's dependencies have no remote inventory");
  process.exit(1);
}
const service = await startPaymentService({
  deps,
  auth: storefrontAuthConfig(env),
  port: env.port,
  host: env.host,
});
console.log(`payment ready on ${service.url} (inventory: ${deps.inventory?.kind ?? "local"}, pid ${process.pid})`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`payment: ${signal}, draining`);
  setTimeout(() => process.exit(0), DRAIN_MS + 2_000).unref();
  void service
    .close(DRAIN_MS)
    .then(() => Promise.allSettled([deps.db.$disconnect(), deps.redis?.quit()]))
    .finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
