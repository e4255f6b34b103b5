import { inventoryEnv } from "./env.ts";
import { startInventory } from "./service.ts";

/**
 * The inventory service process (`npm start -w @trade/inventory`): env INVENTORY_DATABASE_URL,
 * INVENTORY_PORT, SERVICE_TOKEN. Migrates on start (advisory-locked, safe for two instances);
 * SIGTERM/SIGINT stop it gracefully (requests in flight finish, then the pool closes).
 */
const env = inventoryEnv();

const log = (level: string, msg: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), service: "inventory", msg, ...extra })}\n`,
  );

const running = await startInventory({
  databaseUrl: env.INVENTORY_DATABASE_URL,
  port: env.INVENTORY_PORT,
  token: env.SERVICE_TOKEN,
  onError: (error) => log("error", "request failed", { error: String(error) }),
});
log("info", "listening", { url: running.url });

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log("info", "stopping", { signal });
    // A stop that hangs (a stuck connection) must not keep the process forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
