export { startEmbeddedPostgres, type LocalPostgres } from "./embedded-postgres.ts";
export { withDatabase, databaseName } from "./database-url.ts";
export {
  canExecute,
  packagedBinaries,
  reachableBinaries,
  type PostgresBinaries,
  type RunAs,
} from "./postgres-binaries.ts";
