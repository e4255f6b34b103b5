"use client";

import { cn } from "@trade/ui";
import { useTranslations } from "next-intl";

/** − [n] + with a real number input in the middle (typeable, labelled, clamped). */
export function QuantityInput({
  id,
  label,
  value,
  min = 1,
  max,
  onChange,
  disabled,
  size = "md",
  className,
}: {
  id: string;
  label: string;
  value: number;
  min?: number;
  max: number;
  onChange: (n: number) => void;
  disabled?: boolean;
  size?: "sm" | "md";
  className?: string;
}) {
  const t = useTranslations("product");
  const clamp = (n: number) => Math.min(Math.max(Number.isFinite(n) ? Math.trunc(n) : min, min), Math.max(max, min));
  const h = size === "sm" ? "h-8" : "h-10";
  const w = size === "sm" ? "w-8" : "w-10";
  return (
    <div
      className={cn(
        "inline-flex items-stretch overflow-hidden rounded-lg border border-zinc-300 bg-white shadow-sm",
        className,
      )}
    >
      <button
        type="button"
        className={cn(h, w, "grid place-items-center text-lg text-zinc-700 hover:bg-zinc-100 disabled:opacity-40")}
        onClick={() => onChange(clamp(value - 1))}
        disabled={disabled || value <= min}
        aria-label={t("decrease", { label: label.toLowerCase() })}
      >
        −
      </button>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(clamp(Number(e.target.value)))}
        className={cn(
          h,
          "w-12 border-x border-zinc-300 text-center text-sm tabular [appearance:textfield] focus:outline-2 focus:-outline-offset-2 focus:outline-indigo-600 [&::-webkit-inner-spin-button]:appearance-none",
        )}
      />
      <button
        type="button"
        className={cn(h, w, "grid place-items-center text-lg text-zinc-700 hover:bg-zinc-100 disabled:opacity-40")}
        onClick={() => onChange(clamp(value + 1))}
        disabled={disabled || value >= max}
        aria-label={t("increase", { label: label.toLowerCase() })}
      >
        +
      </button>
    </div>
  );
}
