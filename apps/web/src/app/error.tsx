"use client";

import { Alert, Button } from "@trade/ui";
import { useTranslations } from "next-intl";

/** Anything a page failed to render: a calm message and a retry, never a stack trace. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("pages");
  return (
    <div className="mx-auto max-w-lg py-10">
      <Alert
        tone="danger"
        title={t("errorTitle")}
        action={
          <Button variant="outline" size="sm" onClick={reset}>
            {t("tryAgain")}
          </Button>
        }
      >
        {t("errorBody")}
      </Alert>
    </div>
  );
}
