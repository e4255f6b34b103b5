"use client";

import { SignInForm } from "@trade/ui";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { signInErrorMessage } from "~/lib/errors";

export function LoginForm({ initialError, next }: { initialError: string | null; next?: string }) {
  const router = useRouter();
  const t = useTranslations("login");

  async function submit(email: string, password: string): Promise<string | null> {
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) return signInErrorMessage(result?.error ?? "UNKNOWN", t);
    // The server picks the role's home (or `next`); refresh so server components see the session.
    router.replace(next ?? "/");
    router.refresh();
    return null;
  }

  return (
    <SignInForm
      initialError={signInErrorMessage(initialError, t)}
      submit={submit}
      text={{
        email: t("email"),
        password: t("password"),
        signIn: t("signIn"),
        signingIn: t("signingIn"),
        offline: t("offline"),
      }}
    />
  );
}
