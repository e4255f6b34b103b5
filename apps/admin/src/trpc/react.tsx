"use client";

import { isDevelopment } from "~/client-env";
import type { AppRouter } from "@trade/api/client";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, loggerLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { errorCodeOf, shouldRetryRead } from "@trade/api/client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The admin's base path (next.config.ts): every URL the browser builds starts with it. */
export const BASE_PATH = "/admin";

// A session that ended (expired, signed out in another tab) sends the user to the sign-in page
// instead of leaving every table showing "Please sign in".
function onUnauthorized(error: unknown) {
  if (typeof window === "undefined" || errorCodeOf(error) !== "UNAUTHORIZED") return;
  const next = window.location.pathname.replace(/^\/admin/, "") + window.location.search;
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load drops every query cached for the lost session
  window.location.assign(`${BASE_PATH}/login?next=${encodeURIComponent(next || "/")}`);
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onUnauthorized }),
    mutationCache: new MutationCache({ onError: onUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: shouldRetryRead,
        refetchOnWindowFocus: false,
      },
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

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) => isDevelopment && op.direction === "down" && op.result instanceof Error,
        }),
        // The API refuses batches over 10 calls (MAX_BATCH_SIZE, docs/security.md).
        httpBatchLink({ url: `${BASE_PATH}/api/trpc`, transformer: superjson, maxItems: 10 }),
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
