export {
  createDb,
  getDb,
  prepared,
  preparedQuery,
  sqlPool,
  sqlQuery,
  type Db,
  type DbTx,
  type CreateDbOptions,
  type SqlRunner,
} from "./client.ts";
export { readDbEnv, type DbEnv } from "./env.ts";
export { Prisma } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export type * from "./generated/prisma/models.ts";
export { isDatabaseUnavailableError, isRetryableDbError, isTransientDbError, pgErrorCode } from "./errors.ts";
