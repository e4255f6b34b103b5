"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import { ToastProvider } from "@trade/ui";
import { BASE_PATH, TRPCReactProvider } from "~/trpc/react";

export function Providers({ children }: { children: ReactNode }) {
  return (
    // The auth routes live under the base path; the session is read on the server, so no polling.
    <SessionProvider basePath={`${BASE_PATH}/api/auth`} refetchOnWindowFocus={false}>
      <TRPCReactProvider>
        <ToastProvider>{children}</ToastProvider>
      </TRPCReactProvider>
    </SessionProvider>
  );
}
