"use client";

import { errorCodeOf } from "@trade/api/client";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, type ReactNode } from "react";
import { ErrorWordsProvider, type ErrorWords } from "@trade/ui";
import { errorMessage } from "~/lib/errors";

/** The admin's words for failed calls (errorMessage): a message, with the screen's own title if any. */
export function AdminErrorWords({ children }: { children: ReactNode }) {
  const t = useTranslations("errors");
  const locale = useLocale();
  const describe = useCallback(
    (error: unknown): ErrorWords => ({
      code: errorCodeOf(error) ?? "UNKNOWN",
      message: errorMessage(error, t, locale),
    }),
    [t, locale],
  );
  return <ErrorWordsProvider describe={describe}>{children}</ErrorWordsProvider>;
}
