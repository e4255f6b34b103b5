export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { createContext, type AppDeps, type Context, type Viewer } from "./trpc.ts";
export { handleTrpcRequest } from "./http.ts";
export { getAppDeps } from "./deps.ts";
export { apiEnv } from "./env.ts";
export { authenticate, type AuthenticatedUser } from "./member/authenticate.ts";
export { DomainError, errorCatalogue, type ErrorCode } from "./errors/index.ts";
export { checkInvariants, type InvariantViolation } from "./risk/invariants.ts";
export type { Deps } from "./infra/deps.ts";
