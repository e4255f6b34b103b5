"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorAlert, LoadingRegion, Skeleton } from "@trade/ui";
import { useTranslations } from "next-intl";
import { useTRPC } from "~/trpc/react";
import { BalanceCards } from "./balance-cards";
import { BalanceChart } from "./balance-chart";
import { Ledger } from "./ledger";
import { MoveMoney } from "./move-money";
import { Withdrawals } from "./withdrawals";

export function WalletView({ prefill }: { prefill: { currency: string; amount: string } | null }) {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.wallet.accounts.queryOptions());
  const t = useTranslations("wallet");
  if (accounts.error) return <ErrorAlert error={accounts.error} />;
  if (!accounts.data) {
    return (
      <LoadingRegion label={t("loading")} className="space-y-6">
        <BalanceCards accounts={undefined} />
        <Skeleton className="h-56 w-full rounded-2xl" />
      </LoadingRegion>
    );
  }
  return (
    <div className="space-y-6">
      <BalanceCards accounts={accounts.data} />
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <div className="space-y-6">
          <MoveMoney accounts={accounts.data} prefill={prefill} />
          <Withdrawals accounts={accounts.data} />
        </div>
        <BalanceChart accounts={accounts.data} />
      </div>
      <Ledger accounts={accounts.data} />
    </div>
  );
}
