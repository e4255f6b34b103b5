import type { Db } from "@trade/db";
import type { Redis } from "ioredis";

/** What a service needs from the outside world. Redis is optional everywhere. */
export interface Deps {
  db: Db;
  redis: Redis | null;
}
