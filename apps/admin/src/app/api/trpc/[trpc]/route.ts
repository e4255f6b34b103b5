import { handleTrpcRequest } from "@trade/api";
import { sessionUserId } from "~/server/auth";
import { deps } from "~/server/deps";

export const dynamic = "force-dynamic";

const WITH_BASE_PATH = "/admin/api/trpc";

/**
 * tRPC finds the procedure by cutting `endpoint` off the request path. Browsers call
 * /admin/api/trpc/<procedure>, but Next 16 hands route handlers the URL with the base path
 * already removed (/api/trpc/<procedure>); accept both so a proxy that keeps it works too.
 */
function endpointOf(request: Request): string {
  return new URL(request.url).pathname.startsWith(`${WITH_BASE_PATH}/`) ? WITH_BASE_PATH : "/api/trpc";
}

const handler = (request: Request) => handleTrpcRequest(request, { endpoint: endpointOf(request), deps: deps(), sessionUserId });

export { handler as GET, handler as POST };
