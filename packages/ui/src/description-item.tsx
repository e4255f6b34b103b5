import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * One entry of a <dl>: its label over its value, or (`inline`) on one line with the value at the
 * end and the baselines aligned (a summary's figures: total, balance, left after). The caller's
 * <dl> sets the text size and the spacing between entries.
 */
export function DescriptionItem({
  label,
  children,
  inline = false,
  className,
  valueClassName,
  valueTestId,
}: {
  label: ReactNode;
  children: ReactNode;
  inline?: boolean;
  className?: string;
  valueClassName?: string;
  valueTestId?: string;
}) {
  return (
    <div className={cn(inline && "flex items-baseline justify-between gap-4", className) || undefined}>
      <dt className="text-zinc-600">{label}</dt>
      <dd className={valueClassName} data-testid={valueTestId}>
        {children}
      </dd>
    </div>
  );
}
