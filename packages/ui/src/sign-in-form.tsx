"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Field, Input } from "./field";
import { formText } from "./form";

/** The form's words, in the app's language (the apps' message files). */
export interface SignInFormText {
  email: string;
  password: string;
  signIn: string;
  /** The button while the request is in flight (default: `signIn`). */
  signingIn?: string;
  /** Shown when the request itself failed (no answer from the server). */
  offline: string;
  /** The alert's heading over a refusal (none by default). */
  failedTitle?: string;
}

/**
 * The email-and-password form of both apps' sign-in pages. `submit` signs in (next-auth's
 * `signIn` in each app) and answers the message to show, or null once signed in: the app then
 * navigates, and the button stays busy until the page changes. A second submit while one is in
 * flight does nothing (a double click would count twice against the sign-in throttle).
 */
export function SignInForm({
  text,
  initialError,
  submit,
  size = "md",
}: {
  text: SignInFormText;
  initialError: string | null;
  submit: (email: string, password: string) => Promise<string | null>;
  size?: "md" | "lg";
}) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    let refusal: string | null;
    try {
      refusal = await submit(formText(form, "email"), formText(form, "password"));
    } catch {
      refusal = text.offline;
    }
    if (refusal === null) return;
    setError(refusal);
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error && (
        <Alert tone="danger" title={text.failedTitle}>
          {error}
        </Alert>
      )}
      <Field id="sign-in-email" label={text.email}>
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field id="sign-in-password" label={text.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" size={size} className="w-full" loading={pending} loadingText={text.signingIn}>
        {text.signIn}
      </Button>
    </form>
  );
}
