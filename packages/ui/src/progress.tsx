"use client";

import { cn } from "./cn";
import { useUiText } from "./ui-text";

export function ProgressBar({
  value,
  max,
  label,
  className,
}: {
  value: number;
  max: number;
  label: string;
  className?: string;
}) {
  const text = useUiText();
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 100;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={text.progress(value, max, percent)}
      className={cn("h-2 w-full overflow-hidden rounded-full bg-zinc-200", className)}
    >
      <div
        className={cn(
          "h-full rounded-full transition-[width] duration-500",
          percent >= 100 ? "bg-green-600" : "bg-indigo-600",
        )}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
