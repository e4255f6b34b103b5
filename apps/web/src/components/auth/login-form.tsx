"use client";

import { Alert, Button, Field, formText, Input } from "@trade/ui";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { signInErrorMessage } from "~/lib/errors";
import { safeReturnPath } from "~/lib/safe-return";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const t = useTranslations("auth");
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError, t));
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: formText(form, "email"),
        password: formText(form, "password"),
        redirect: false,
        callbackUrl,
      });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.error ?? "UNKNOWN", t));
        setPending(false);
        return;
      }
      // A full navigation: the header and every server component see the new session.
      window.location.assign(safeReturnPath(result.url ?? callbackUrl));
    } catch {
      setError(t("offline"));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate={false}>
      {error && (
        <Alert tone="danger" title={t("couldNotSignIn")}>
          {error}
        </Alert>
      )}
      <Field id="login-email" label={t("email")}>
        <Input id="login-email" name="email" type="email" autoComplete="email" required autoFocus />
      </Field>
      <Field id="login-password" label={t("password")}>
        <Input id="login-password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={pending} loadingText={t("signingIn")}>
        {t("signIn")}
      </Button>
    </form>
  );
}
