"use client";

import { createContext, useContext, type ReactNode } from "react";
import { Alert } from "./alert";

/** What an app says about a failed call, in the reader's language. */
export interface ErrorWords {
  /** The stable domain code (or the app's own, e.g. NETWORK): the alert's `error-<code>` test id. */
  code: string;
  title?: ReactNode;
  message: ReactNode;
  /** A way forward, e.g. a link to deposit what is missing. */
  action?: ReactNode;
}

export type DescribeError = (error: unknown) => ErrorWords;

const Describer = createContext<DescribeError | null>(null);

/**
 * How errors read is each app's (its messages, its wording for a few codes, its links); how they
 * look is the kit's. Each app provides its describer once, at its root.
 */
export function ErrorWordsProvider({ describe, children }: { describe: DescribeError; children: ReactNode }) {
  return <Describer.Provider value={describe}>{children}</Describer.Provider>;
}

/** A failed call in human words (nothing when there is no error). `title` and `action` replace the app's. */
export function ErrorAlert({
  error,
  title,
  action,
  className,
}: {
  error: unknown;
  title?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  const describe = useContext(Describer);
  if (!error) return null;
  // A missing provider is a wiring mistake, seen on the first error any page shows.
  if (!describe) throw new Error("ErrorAlert needs an ErrorWordsProvider above it");
  const words = describe(error);
  return (
    <Alert
      tone="danger"
      title={title ?? words.title}
      className={className}
      data-testid={`error-${words.code}`}
      action={action ?? words.action}
    >
      {words.message}
    </Alert>
  );
}
