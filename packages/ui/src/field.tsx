import { cloneElement, isValidElement, useId, type ComponentProps, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";

const control =
  "block w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 " +
  "focus:border-indigo-600 focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600 " +
  "disabled:bg-zinc-100 disabled:text-zinc-500 aria-invalid:border-red-500";

/** `invalid` is a shorthand for aria-invalid, which also draws the red border. */
interface Invalid {
  invalid?: boolean;
}

export function Input({ className, invalid, ...rest }: ComponentProps<"input"> & Invalid) {
  return <input className={cn(control, "h-10", className)} aria-invalid={invalid || undefined} {...rest} />;
}

export function Textarea({ className, invalid, ...rest }: ComponentProps<"textarea"> & Invalid) {
  return <textarea className={cn(control, "py-2", className)} aria-invalid={invalid || undefined} {...rest} />;
}

export function Select({ className, invalid, ...rest }: ComponentProps<"select"> & Invalid) {
  return <select className={cn(control, "h-10 pr-8", className)} aria-invalid={invalid || undefined} {...rest} />;
}

export function Label({ htmlFor, children, className }: { htmlFor: string; children: ReactNode; className?: string }) {
  return (
    <label htmlFor={htmlFor} className={cn("block text-sm font-medium text-zinc-800", className)}>
      {children}
    </label>
  );
}

interface ControlProps {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
}

/**
 * A labelled form control: wires the label, the hint and the error message to the control
 * (`id`, `aria-describedby`, `aria-invalid`) so screen readers announce all three. Pass `id` when
 * other code needs it (the hint and error ids are `${id}-hint` / `${id}-error`); props the control
 * already sets win over the wiring.
 */
export function Field({
  id: givenId,
  label,
  hint,
  error,
  className,
  children,
}: {
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  children: ReactElement<ControlProps>;
}) {
  const generated = useId();
  const id = givenId ?? generated;
  const described = describedBy(id, { hint, error });
  const child = isValidElement(children)
    ? cloneElement(children, {
        id: children.props.id ?? id,
        "aria-describedby": children.props["aria-describedby"] ?? described,
        "aria-invalid": children.props["aria-invalid"] ?? (error ? true : undefined),
      })
    : children;
  return (
    <div className={cn("space-y-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {child}
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
