export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { createContext, type AppDeps, type Context, type Viewer } from "./trpc.ts";
export { createTrpcHandler, type TrpcHandlerOptions } from "./http.ts";
export { getAppDeps } from "./deps.ts";
export { apiEnv } from "./env.ts";
export { authenticate, type AuthenticatedUser } from "./member/authenticate.ts";
export { DomainError, errorCatalogue, type ErrorCode } from "./errors/index.ts";
export {
  checkInvariants,
  type InvariantViolation,
  type RawSqlClient,
  type RemoteStockCheck,
} from "./risk/invariants.ts";
export type { Deps } from "./infra/deps.ts";
export { CLIENT_IP_HEADER, stampClientIp, trustNoProxy, type TrustProxy } from "./infra/client-ip.ts";
export { handOverStock, HANDOVER_CHUNK, type StockImporter, type StockImportRow } from "./inventory/handover.ts";
export { localInventory, type Inventory, type RemoteInventory, type StockFigures } from "./inventory/port.ts";
