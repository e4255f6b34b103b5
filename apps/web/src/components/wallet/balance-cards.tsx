"use client";

import { isZero } from "@trade/api/money";
import { Badge, Card, DescriptionItem, Skeleton } from "@trade/ui";
import { useTranslations } from "next-intl";
import { Money } from "~/lib/money";
import type { AccountData } from "~/lib/types";

const NAMED = ["USD", "CNY", "JPY", "EUR"] as const;
const isNamed = (code: string): code is (typeof NAMED)[number] => (NAMED as readonly string[]).includes(code);

/** One card per currency, those holding money first. */
export function BalanceCards({ accounts }: { accounts: AccountData[] | undefined }) {
  const t = useTranslations("wallet");
  const common = useTranslations("common");
  const names = useTranslations("currencies");
  if (!accounts) {
    return (
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-40 rounded-2xl" />
        ))}
      </div>
    );
  }
  return (
    // On a phone the cards scroll sideways (one and a bit visible) instead of filling three screens.
    <ul
      className="-mx-4 flex snap-x snap-mandatory gap-3 overflow-x-auto px-4 pb-1 sm:mx-0 sm:grid sm:grid-cols-2 sm:gap-4 sm:overflow-visible sm:px-0 sm:pb-0 lg:grid-cols-3"
      aria-label={t("balances")}
    >
      {[...accounts]
        .sort((a, b) => (isZero(a.total) ? 1 : 0) - (isZero(b.total) ? 1 : 0))
        .map((a) => (
          <li key={a.currency} className="w-[85%] shrink-0 snap-start sm:w-auto">
            <Card className="h-full p-5" data-testid={`wallet-card-${a.currency}`}>
              <div className="flex items-center justify-between gap-2">
                <p className="text-sm font-medium text-zinc-700">
                  {isNamed(a.currency) ? names(a.currency) : a.currency}
                </p>
                <Badge tone="brand">{a.currency}</Badge>
              </div>
              <p className="mt-3 text-xs font-medium tracking-wide text-zinc-600 uppercase">{common("available")}</p>
              <Money
                amount={a.available}
                currency={a.currency}
                scale={a.scale}
                className="block text-3xl font-semibold tracking-tight text-zinc-900"
                data-testid="available"
              />
              <dl className="mt-4 grid grid-cols-2 gap-3 border-t border-zinc-100 pt-3 text-sm">
                {(
                  [
                    { part: "frozen", label: common("onHold") },
                    { part: "total", label: common("total") },
                  ] as const
                ).map(({ part, label }) => (
                  <DescriptionItem key={part} label={label}>
                    <Money
                      amount={a[part]}
                      currency={a.currency}
                      scale={a.scale}
                      className="font-medium text-zinc-900"
                      data-testid={part}
                    />
                  </DescriptionItem>
                ))}
              </dl>
            </Card>
          </li>
        ))}
    </ul>
  );
}
