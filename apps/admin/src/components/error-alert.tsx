"use client";

import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Alert } from "@trade/ui";
import { errorMessage } from "~/lib/errors";

/** The readable message of a failed API call (nothing when there is no error). */
export function ErrorAlert({
  error,
  title,
  className,
  action,
}: {
  error: unknown;
  title?: ReactNode;
  className?: string;
  action?: ReactNode;
}) {
  const t = useTranslations("errors");
  const locale = useLocale();
  if (!error) return null;
  return (
    <Alert tone="danger" title={title} className={className} action={action}>
      {errorMessage(error, t, locale)}
    </Alert>
  );
}
