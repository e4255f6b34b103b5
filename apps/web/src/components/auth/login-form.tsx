"use client";

import { SignInForm } from "@trade/ui";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { signInErrorMessage } from "~/lib/errors";
import { safeReturnPath } from "~/lib/safe-return";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const t = useTranslations("auth");

  async function submit(email: string, password: string): Promise<string | null> {
    const result = await signIn("credentials", { email, password, redirect: false, callbackUrl });
    if (!result || result.error) return signInErrorMessage(result?.error ?? "UNKNOWN", t);
    // A full navigation: the header and every server component see the new session.
    window.location.assign(safeReturnPath(result.url ?? callbackUrl));
    return null;
  }

  return (
    <SignInForm
      size="lg"
      initialError={signInErrorMessage(initialError, t)}
      submit={submit}
      text={{
        email: t("email"),
        password: t("password"),
        signIn: t("signIn"),
        signingIn: t("signingIn"),
        offline: t("offline"),
        failedTitle: t("couldNotSignIn"),
      }}
    />
  );
}
