"use client";

import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import { LocaleProvider } from "~/lib/locale";
import { TRPCReactProvider } from "~/trpc/react";

export function Providers({
  children,
  session = null,
  locale = "en-US",
}: {
  children: ReactNode;
  session?: Session | null;
  locale?: string;
}) {
  return (
    <SessionProvider session={session} refetchOnWindowFocus={false}>
      <LocaleProvider locale={locale}>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </LocaleProvider>
    </SessionProvider>
  );
}
