import type { Db } from "@trade/db";
import type { Inventory } from "../inventory/port.ts";
import type { RedisClient } from "./redis.ts";

/** What a service needs from the outside world. Redis is optional everywhere. */
export interface Deps {
  db: Db;
  redis: RedisClient | null;
  /** Who owns SKU stock (absent: the local adapter, the order database). */
  inventory?: Inventory;
}
