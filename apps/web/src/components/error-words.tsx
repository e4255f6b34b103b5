"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, type ReactNode } from "react";
import { buttonClass, ErrorWordsProvider, type ErrorWords } from "@trade/ui";
import { describeError } from "~/lib/errors";

/** The storefront's words for failed calls (describeError), with the way forward as a link. */
export function StorefrontErrorWords({ children }: { children: ReactNode }) {
  const t = useTranslations("errors");
  const locale = useLocale();
  const describe = useCallback(
    (error: unknown): ErrorWords => {
      const human = describeError(error, t, locale);
      return {
        code: human.code,
        title: human.title,
        message: human.message,
        action: human.action && (
          <Link href={human.action.href} className={buttonClass("outline", "sm")}>
            {human.action.label}
          </Link>
        ),
      };
    },
    [t, locale],
  );
  return <ErrorWordsProvider describe={describe}>{children}</ErrorWordsProvider>;
}
