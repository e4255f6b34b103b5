"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Badge, Button, Card, CardHeader, cn, ErrorAlert, Label, LoadingRegion, Select, Skeleton } from "@trade/ui";
import { LocalTime } from "~/lib/local-time";
import { Money } from "~/lib/money";
import type { AccountData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { movementLabel } from "./labels";

export function Ledger({ accounts }: { accounts: AccountData[] }) {
  const trpc = useTRPC();
  const [currency, setCurrency] = useState("");
  const t = useTranslations("wallet");
  const common = useTranslations("common");
  const ledger = useInfiniteQuery(
    trpc.wallet.ledger.infiniteQueryOptions(
      { currency: currency || undefined, limit: 15 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const scaleOf = new Map(accounts.map((a) => [a.currency, a.scale]));
  const items = ledger.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card>
      <CardHeader
        title={t("history")}
        description={t("historyDescription")}
        actions={
          <div className="flex items-center gap-2">
            <Label htmlFor="ledger-currency" className="text-zinc-600">
              {common("currency")}
            </Label>
            <Select
              id="ledger-currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
              className="h-9 w-28"
            >
              <option value="">{common("all")}</option>
              {accounts.map((a) => (
                <option key={a.currency}>{a.currency}</option>
              ))}
            </Select>
          </div>
        }
      />
      {ledger.isPending ? (
        <LoadingRegion label={t("loadingHistory")} className="space-y-3 p-5">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </LoadingRegion>
      ) : ledger.error ? (
        <div className="p-5">
          <ErrorAlert error={ledger.error} />
        </div>
      ) : items.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-zinc-600">{t("noMovements")}</p>
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="ledger">
          {items.map((line) => {
            const scale = scaleOf.get(line.currency) ?? 2;
            const positive = !line.amount.startsWith("-");
            const label = movementLabel(line, t);
            return (
              <li
                key={line.id}
                className="flex items-start justify-between gap-4 px-5 py-3"
                data-testid="ledger-line"
                data-type={line.type}
              >
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-zinc-900">
                    {line.orderId ? (
                      <Link href={`/orders/${line.orderId}`} className="hover:underline">
                        {label}
                      </Link>
                    ) : (
                      label
                    )}
                  </p>
                  <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-600">
                    <LocalTime value={line.createdAt} />
                    <Badge tone={line.bucket === "FROZEN" ? "warning" : "neutral"}>
                      {line.bucket === "FROZEN" ? common("onHold") : common("available")}
                    </Badge>
                  </p>
                </div>
                <div className="shrink-0 text-right">
                  <p
                    className={cn(
                      "text-sm font-semibold",
                      positive && line.bucket === "AVAILABLE" ? "text-emerald-700" : "text-zinc-900",
                    )}
                  >
                    {positive ? "+" : "−"}
                    <Money amount={line.amount.replace(/^-/, "")} currency={line.currency} scale={scale} />
                  </p>
                  <p className="text-xs text-zinc-600">
                    {t("availableAfter")} <Money amount={line.availableAfter} currency={line.currency} scale={scale} />
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {ledger.hasNextPage && (
        <div className="flex justify-center border-t border-zinc-100 p-4">
          <Button
            variant="outline"
            onClick={() => void ledger.fetchNextPage()}
            loading={ledger.isFetchingNextPage}
            loadingText={common("loading")}
          >
            {common("loadMore")}
          </Button>
        </div>
      )}
    </Card>
  );
}
