import "server-only";
import { createCaller, createContext } from "@trade/api";
import { headers } from "next/headers";
import { cache } from "react";
import { getSession } from "~/server/auth";
import { deps } from "~/server/deps";

/**
 * A tRPC caller for server components: the same routers and authorization as HTTP calls,
 * without the network hop. One per request.
 */
export const api = cache(async () => {
  const requestHeaders = new Headers(await headers());
  const context = await createContext({
    deps: deps(),
    headers: requestHeaders,
    sessionUserId: async () => (await getSession())?.user.id ?? null,
  });
  return createCaller(context);
});
