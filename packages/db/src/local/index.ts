export { startEmbeddedPostgres, type LocalPostgres } from "./embedded-postgres.ts";
export { withDatabase, databaseName } from "./database-url.ts";
