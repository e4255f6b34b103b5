import { createInventoryClient } from "../inventory/remote-client.ts";
import { apiEnv, type ApiEnv } from "../env.ts";
import { localInventory, type Inventory } from "../inventory/port.ts";
import { guardInventory } from "./breaker.ts";
import { configureCoordinator } from "./settings.ts";

/**
 * The process's inventory adapter, from its environment: the in-process one without
 * INVENTORY_URL; otherwise the inventory service's HTTP client (round-robin over the URLs,
 * failing over on connection errors) behind a circuit breaker, every call bounded by
 * INVENTORY_TIMEOUT_MS (docs/architecture.md#services).
 */
export function inventoryFromEnv(env: ApiEnv = apiEnv()): Inventory {
  if (env.INVENTORY_URL.length === 0) return localInventory;
  const token = env.SERVICE_TOKEN;
  if (!token) throw new Error("Invalid environment: SERVICE_TOKEN: is required when INVENTORY_URL is set");
  const timeoutMs = env.INVENTORY_TIMEOUT_MS;
  const inventory = guardInventory(createInventoryClient({ urls: env.INVENTORY_URL, token, timeoutMs }), { timeoutMs });
  // The coordinator's timings travel with the client: no service reads them from the environment.
  configureCoordinator(inventory, {
    callTimeoutMs: timeoutMs,
    tryDeadlineMs: env.TCC_TRY_DEADLINE_MS,
    figuresTtlMs: env.STOCK_FIGURES_TTL_MS,
  });
  return inventory;
}
