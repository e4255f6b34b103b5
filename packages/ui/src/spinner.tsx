"use client";

import { cn } from "./cn";
import { useUiText } from "./ui-text";

export function Spinner({ className, label }: { className?: string; label?: string }) {
  return (
    <svg
      className={cn("animate-spin", className ?? "size-5")}
      viewBox="0 0 24 24"
      fill="none"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}

/** A centred "Loading…" for a region whose data has not arrived yet. */
export function Loading({ label, className }: { label?: string; className?: string }) {
  const text = useUiText();
  return (
    <div role="status" className={cn("flex items-center justify-center gap-2 py-10 text-sm text-zinc-500", className)}>
      <Spinner className="size-4" />
      <span>{label ?? `${text.loading}…`}</span>
    </div>
  );
}
