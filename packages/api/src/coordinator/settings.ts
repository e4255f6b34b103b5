import type { RemoteInventory } from "../inventory/port.ts";

/** The remote mode's timings (docs/architecture.md, configuration table). */
export interface CoordinatorSettings {
  /** Each inventory call gives up after this long (INVENTORY_TIMEOUT_MS). */
  callTimeoutMs: number;
  /** A placement still TRYING this long after its log row was written was abandoned (TCC_TRY_DEADLINE_MS). */
  tryDeadlineMs: number;
  /** How long a SKU's figures read from the inventory are served from this process (STOCK_FIGURES_TTL_MS). */
  figuresTtlMs: number;
}

/** For an inventory client nobody configured (a test's own): the variables' defaults. */
export const DEFAULT_COORDINATOR_SETTINGS: Readonly<CoordinatorSettings> = {
  callTimeoutMs: 2_000,
  tryDeadlineMs: 15_000,
  figuresTtlMs: 1_000,
};

/**
 * The settings travel with the inventory client, set once where the client is made
 * (`inventoryFromEnv`, from the environment), as the retry budget travels with the database
 * client (`configureTx`): the coordinator's services (placement, pay, cancel, expiry, recovery,
 * stock readers) all receive the client already, so they need no configuration of their own and
 * never read the environment; a test configures its own client.
 */
const settings = new WeakMap<RemoteInventory, CoordinatorSettings>();

export function configureCoordinator(inventory: RemoteInventory, options: Partial<CoordinatorSettings>): void {
  settings.set(inventory, { ...coordinatorSettings(inventory), ...options });
}

export function coordinatorSettings(inventory: RemoteInventory): CoordinatorSettings {
  return settings.get(inventory) ?? DEFAULT_COORDINATOR_SETTINGS;
}

/**
 * How long a decided row (CONFIRMING, CANCELLING) is left to the request that decided it before
 * the job's recovery makes the call itself: the request's own call plus its breaker's timeout.
 */
export function settleGraceMs(inventory: RemoteInventory): number {
  return 2 * coordinatorSettings(inventory).callTimeoutMs + 1_000;
}
