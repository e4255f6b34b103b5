import type { Db } from "@trade/db";
import type { RedisClient } from "./redis.ts";

/** What a service needs from the outside world. Redis is optional everywhere. */
export interface Deps {
  db: Db;
  redis: RedisClient | null;
}
