import type { ReactNode } from "react";
import { cn } from "~/lib/cn";

export type Tone = "neutral" | "green" | "yellow" | "red" | "blue" | "indigo";

const tones: Record<Tone, string> = {
  neutral: "bg-neutral-100 text-neutral-700 ring-neutral-300",
  green: "bg-green-50 text-green-800 ring-green-600/30",
  yellow: "bg-amber-50 text-amber-800 ring-amber-600/30",
  red: "bg-red-50 text-red-800 ring-red-600/30",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/30",
  indigo: "bg-indigo-50 text-indigo-800 ring-indigo-600/30",
};

export function Badge({
  tone = "neutral",
  children,
  className,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

const statusTones: Record<string, Tone> = {
  LISTED: "green",
  DRAFT: "neutral",
  DELISTED: "yellow",
  UNPAID: "yellow",
  PAID: "green",
  CANCELLED: "neutral",
  EXPIRED: "red",
  PENDING: "yellow",
  COMPLETED: "green",
  REJECTED: "red",
  OPEN: "red",
  ACKNOWLEDGED: "yellow",
  RESOLVED: "green",
  ACTIVE: "green",
  FROZEN: "red",
  INFO: "blue",
  WARNING: "yellow",
  CRITICAL: "red",
};

/** A status word (LISTED, UNPAID, FROZEN, CRITICAL, ...) in its colour, readable as text too. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTones[status] ?? "neutral"}>{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
}
