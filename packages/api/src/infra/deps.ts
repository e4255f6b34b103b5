import type { Db } from "@trade/db";
import { localInventory, type Inventory } from "../inventory/port.ts";
import type { RedisClient } from "./redis.ts";

/** What a service needs from the outside world. Redis is optional everywhere. */
export interface Deps {
  db: Db;
  redis: RedisClient | null;
  /** Who owns SKU stock; absent: this database (the in-process mode), as with `localInventory`. */
  inventory?: Inventory;
}

/** The inventory a service runs against (`localInventory` unless the deps name the remote one). */
export function inventoryOf(deps: Pick<Deps, "inventory">): Inventory {
  return deps.inventory ?? localInventory;
}
