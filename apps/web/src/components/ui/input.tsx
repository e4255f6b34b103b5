import type { ComponentProps, ReactNode } from "react";
import { cx } from "~/lib/cx";

const control =
  "block w-full rounded-lg border bg-white px-3 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 " +
  "focus:border-indigo-600 focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600 disabled:bg-zinc-100 disabled:text-zinc-500";

interface InputProps extends ComponentProps<"input"> {
  invalid?: boolean;
}

export function Input({ className, invalid, ...rest }: InputProps) {
  return (
    <input
      className={cx(control, "h-10", invalid ? "border-red-500" : "border-zinc-300", className)}
      aria-invalid={invalid || undefined}
      {...rest}
    />
  );
}

interface SelectProps extends ComponentProps<"select"> {
  invalid?: boolean;
}

export function Select({ className, invalid, children, ...rest }: SelectProps) {
  return (
    <select
      className={cx(control, "h-10 pr-8", invalid ? "border-red-500" : "border-zinc-300", className)}
      aria-invalid={invalid || undefined}
      {...rest}
    >
      {children}
    </select>
  );
}

export function Label({ htmlFor, children, className }: { htmlFor: string; children: ReactNode; className?: string }) {
  return (
    <label htmlFor={htmlFor} className={cx("block text-sm font-medium text-zinc-800", className)}>
      {children}
    </label>
  );
}

/**
 * A labelled form control with an optional hint and error. The control must use `id`; the hint
 * and error ids are `${id}-hint` / `${id}-error` (pass them as aria-describedby via `describedBy`).
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cx("space-y-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-zinc-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The aria-describedby value matching what <Field> renders. */
export function describedBy(id: string, { hint, error }: { hint?: unknown; error?: unknown }): string | undefined {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}
