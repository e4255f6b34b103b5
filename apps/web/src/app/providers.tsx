"use client";

import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import { UiLocaleProvider } from "@trade/ui";
import type { Locale } from "@trade/ui/locale";
import { StorefrontErrorWords } from "~/components/error-words";
import { TRPCReactProvider } from "~/trpc/react";

export function Providers({
  children,
  session = null,
  locale,
}: {
  children: ReactNode;
  session?: Session | null;
  locale: Locale;
}) {
  return (
    <SessionProvider session={session} refetchOnWindowFocus={false}>
      <UiLocaleProvider locale={locale}>
        <StorefrontErrorWords>
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </StorefrontErrorWords>
      </UiLocaleProvider>
    </SessionProvider>
  );
}
