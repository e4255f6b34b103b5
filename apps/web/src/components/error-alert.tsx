"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { describeError } from "~/lib/errors";
import { Alert, buttonClass } from "@trade/ui";

/** An API failure in human words, with the way forward when there is one (e.g. a deposit link). */
export function ErrorAlert({ error, className }: { error: unknown; className?: string }) {
  const locale = useLocale();
  const t = useTranslations("errors");
  if (!error) return null;
  const human = describeError(error, t, locale);
  return (
    <Alert
      tone="danger"
      title={human.title}
      className={className}
      data-testid={`error-${human.code}`}
      action={
        human.action && (
          <Link href={human.action.href} className={buttonClass("outline", "sm")}>
            {human.action.label}
          </Link>
        )
      }
    >
      {human.message}
    </Alert>
  );
}
