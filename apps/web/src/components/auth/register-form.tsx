"use client";

import { Alert, Button, describedBy, ErrorAlert, Field, formText, Input } from "@trade/ui";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { signInErrorMessage } from "~/lib/errors";
import { safeReturnPath } from "~/lib/safe-return";
import { useTRPC } from "~/trpc/react";

export function RegisterForm({ callbackUrl }: { callbackUrl: string }) {
  const trpc = useTRPC();
  const register = useMutation(trpc.auth.register.mutationOptions());
  const t = useTranslations("auth");
  const [signInError, setSignInError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [passwordProblem, setPasswordProblem] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (register.isPending || signingIn) return;
    const form = new FormData(event.currentTarget);
    const email = formText(form, "email").trim();
    const password = formText(form, "password");
    const name = formText(form, "name").trim();
    if (password.length < 8) return setPasswordProblem(t("passwordTooShort"));
    setPasswordProblem(null);
    setSignInError(null);
    try {
      await register.mutateAsync({ email, password, name });
    } catch {
      return; // shown from register.error
    }
    setSigningIn(true);
    const result = await signIn("credentials", { email, password, redirect: false, callbackUrl }).catch(() => null);
    if (!result || result.error) {
      setSignInError(signInErrorMessage(result?.error ?? "UNKNOWN", t));
      setSigningIn(false);
      return;
    }
    window.location.assign(safeReturnPath(result.url ?? callbackUrl));
  }

  const fieldError = (path: string) =>
    (register.error?.data?.fields ?? []).find((f: { path: string }) => f.path === path)?.message;
  const passwordHint = t("passwordHint");

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {register.error && <ErrorAlert error={register.error} />}
      {signInError && (
        <Alert tone="warning" title={t("createdButSignInFailed")}>
          {signInError}
        </Alert>
      )}
      <Field id="register-name" label={t("yourName")} error={fieldError("name")}>
        <Input id="register-name" name="name" autoComplete="name" required maxLength={100} autoFocus />
      </Field>
      <Field id="register-email" label={t("email")} error={fieldError("email")}>
        <Input id="register-email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Field
        id="register-password"
        label={t("password")}
        hint={passwordHint}
        error={passwordProblem ?? fieldError("password")}
      >
        <Input
          id="register-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          invalid={Boolean(passwordProblem)}
          aria-describedby={describedBy("register-password", { hint: passwordHint, error: passwordProblem })}
        />
      </Field>
      <Button
        type="submit"
        size="lg"
        className="w-full"
        loading={register.isPending || signingIn}
        loadingText={signingIn ? t("signingIn") : t("creatingAccount")}
      >
        {t("createAccount")}
      </Button>
    </form>
  );
}
