"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import { ToastProvider, UiLocaleProvider } from "@trade/ui";
import type { Locale } from "@trade/ui/locale";
import { AdminErrorWords } from "~/components/error-words";
import { BASE_PATH, TRPCReactProvider } from "~/trpc/react";

export function Providers({ children, locale }: { children: ReactNode; locale: Locale }) {
  return (
    // The auth routes live under the base path; the session is read on the server, so no polling.
    <SessionProvider basePath={`${BASE_PATH}/api/auth`} refetchOnWindowFocus={false}>
      <UiLocaleProvider locale={locale}>
        <AdminErrorWords>
          <TRPCReactProvider>
            <ToastProvider>{children}</ToastProvider>
          </TRPCReactProvider>
        </AdminErrorWords>
      </UiLocaleProvider>
    </SessionProvider>
  );
}
