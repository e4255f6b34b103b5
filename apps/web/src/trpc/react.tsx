"use client";

import { isDevelopment } from "~/client-env";
import { shouldRetryRead, type AppRouter } from "@trade/api/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, loggerLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { upstreamOf } from "./upstream";
import { useState, type ReactNode } from "react";
import superjson from "superjson";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, retry: shouldRetryRead },
      mutations: { retry: false },
    },
  });
}

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children, basePath = "" }: { children: ReactNode; basePath?: string }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) => isDevelopment && op.direction === "down" && op.result instanceof Error,
        }),
        // One batch per upstream: behind the cluster's gateway order.pay goes to the payment
        // service, the rest of order.* to the order service, and a batch that mixes them (or
        // order.* with other modules) is refused (docs/scaling.md, "Gateway"). The API refuses
        // batches over 10 calls (MAX_BATCH_SIZE, docs/security.md).
        splitLink({
          condition: (op) => upstreamOf(op.path) === "payment",
          true: httpBatchLink({ url: `${basePath}/api/trpc`, transformer: superjson, maxItems: 10 }),
          false: splitLink({
            condition: (op) => upstreamOf(op.path) === "order",
            true: httpBatchLink({ url: `${basePath}/api/trpc`, transformer: superjson, maxItems: 10 }),
            false: httpBatchLink({ url: `${basePath}/api/trpc`, transformer: superjson, maxItems: 10 }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
