import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "./root.ts";
import { createContext, type AppDeps } from "./trpc.ts";

/**
 * The HTTP entry (`/api/trpc`) for a Next.js route handler or any fetch server. `sessionUserId`
 * reads the app's next-auth session; bearer tokens are handled in the context.
 */
export function handleTrpcRequest(request: Request, options: { endpoint: string; deps: AppDeps; sessionUserId: (request: Request) => Promise<number | null> }): Promise<Response> {
  return fetchRequestHandler({
    endpoint: options.endpoint,
    req: request,
    router: appRouter,
    createContext: () => createContext({ deps: options.deps, headers: request.headers, sessionUserId: () => options.sessionUserId(request) }),
    // Queries must never change state, so only POST may carry a mutation (tRPC's default).
    allowMethodOverride: false,
  });
}
