/**
 * A small typed client for programs that use the API with a bearer token:
 *   const trade = createTradeClient({ url: "http://localhost:3000/api/trpc", token });
 *   await trade.order.place.mutate({ items: [{ skuId: 1, quantity: 1 }], idempotencyKey: crypto.randomUUID() });
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "./root.ts";

export function createTradeClient(options: { url: string; token?: string; fetch?: typeof fetch }) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: options.url,
        transformer: superjson,
        headers: () => (options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

export type TradeClient = ReturnType<typeof createTradeClient>;

/** The stable domain error code of a failed call (`INSUFFICIENT_FUNDS`, ...), if any. */
export function errorCodeOf(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as { domainCode?: string } | undefined;
    return data?.domainCode ?? null;
  }
  return null;
}

export type { AppRouter };
