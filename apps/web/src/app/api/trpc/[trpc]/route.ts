import { handleTrpcRequest } from "@trade/api";
import { deps } from "~/server/deps";
import { sessionUserId } from "~/server/auth";

export const dynamic = "force-dynamic";

const handler = (request: Request) => handleTrpcRequest(request, { endpoint: "/api/trpc", deps: deps(), sessionUserId });

export { handler as GET, handler as POST };
