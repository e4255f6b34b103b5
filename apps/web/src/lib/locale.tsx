"use client";

import { createContext, useContext, type ReactNode } from "react";

/**
 * The reader's locale, decided once on the server from Accept-Language, so that prices render
 * the same on the server and in the browser (no hydration mismatch).
 */
const LocaleContext = createContext<string>("en-US");

export function LocaleProvider({ locale, children }: { locale: string; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): string {
  return useContext(LocaleContext);
}
