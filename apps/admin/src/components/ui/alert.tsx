import type { ReactNode } from "react";
import { cn } from "~/lib/cn";
import { errorMessage } from "~/lib/errors";

type Kind = "error" | "warning" | "info" | "success";

const kinds: Record<Kind, string> = {
  error: "bg-red-50 text-red-800 ring-red-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  info: "bg-sky-50 text-sky-900 ring-sky-200",
  success: "bg-green-50 text-green-800 ring-green-200",
};

export function Alert({
  kind = "info",
  title,
  children,
  className,
  action,
}: {
  kind?: Kind;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  action?: ReactNode;
}) {
  return (
    <div
      role={kind === "error" ? "alert" : "status"}
      className={cn(
        "flex flex-wrap items-start justify-between gap-3 rounded-md px-4 py-3 text-sm ring-1 ring-inset",
        kinds[kind],
        className,
      )}
    >
      <div className="min-w-0">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className={title ? "mt-0.5" : undefined}>{children}</div>}
      </div>
      {action}
    </div>
  );
}

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
  if (!error) return null;
  return (
    <Alert kind="error" title={title} className={className} action={action}>
      {errorMessage(error)}
    </Alert>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-4 py-12 text-center">
      <p className="text-sm font-semibold text-neutral-900">{title}</p>
      {children && <div className="max-w-md text-sm text-neutral-500">{children}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
