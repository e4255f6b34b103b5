"use client";

import type { ReactNode } from "react";
import { useUiText } from "./ui-text";
import { cn } from "./cn";

/** A grey placeholder block while content loads (hidden from assistive tech). */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-zinc-200/80", className)} />;
}

/** Announces loading once for screen readers, around skeleton blocks. */
export function LoadingRegion({
  label: given,
  children,
  className,
}: {
  label?: string;
  children: ReactNode;
  className?: string;
}) {
  const text = useUiText();
  const label = given ?? text.loading;
  return (
    <div role="status" aria-label={label} aria-busy="true" className={className}>
      <span className="sr-only">{label}…</span>
      {children}
    </div>
  );
}
