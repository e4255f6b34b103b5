"use client";

import { Alert, Button } from "@trade/ui";

/** Anything a page failed to render: a calm message and a retry, never a stack trace. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg py-10">
      <Alert
        tone="danger"
        title="Something went wrong"
        action={
          <Button variant="outline" size="sm" onClick={reset}>
            Try again
          </Button>
        }
      >
        This page couldn't be loaded. Nothing was charged. Please try again in a moment.
      </Alert>
    </div>
  );
}
