"use client";

import { cn } from "@trade/ui";
import { formatMoney } from "@trade/api/money";
import { useLocale } from "next-intl";

/** A formatted amount: exact decimals from the wire string, never floats. */
export function Money({
  amount,
  currency,
  scale,
  className,
  ...rest
}: {
  amount: string;
  currency: string;
  scale: number;
  className?: string;
  "data-testid"?: string;
}) {
  const locale = useLocale();
  return (
    <span className={cn("tabular whitespace-nowrap", className)} {...rest}>
      {formatMoney(amount, currency, scale, locale)}
    </span>
  );
}

export function useFormatMoney(): (amount: string, currency: string, scale: number) => string {
  const locale = useLocale();
  return (amount, currency, scale) => formatMoney(amount, currency, scale, locale);
}
