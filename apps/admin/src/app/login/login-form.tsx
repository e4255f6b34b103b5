"use client";

import { Alert, Button, Field, formText, Input } from "@trade/ui";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { signInErrorMessage } from "~/lib/errors";

export function LoginForm({ initialError, next }: { initialError: string | null; next?: string }) {
  const router = useRouter();
  const t = useTranslations("login");
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError, t));
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: formText(form, "email"),
        password: formText(form, "password"),
        redirect: false,
      });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.error ?? "UNKNOWN", t));
        setBusy(false);
        return;
      }
      // The server picks the role's home (or `next`); refresh so server components see the session.
      router.replace(next ?? "/");
      router.refresh();
    } catch {
      setError(t("offline"));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error && <Alert tone="danger">{error}</Alert>}
      <Field label={t("email")}>
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label={t("password")}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" loading={busy}>
        {t("signIn")}
      </Button>
    </form>
  );
}
