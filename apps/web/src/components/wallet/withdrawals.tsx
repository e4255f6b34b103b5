"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, Card, CardHeader } from "@trade/ui";
import { useTranslations } from "next-intl";
import { LocalTime } from "~/lib/local-time";
import { Money } from "~/lib/money";
import type { AccountData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const STATUS = {
  PENDING: { label: "statusPENDING", tone: "warning" },
  COMPLETED: { label: "statusCOMPLETED", tone: "success" },
  REJECTED: { label: "statusREJECTED", tone: "danger" },
} as const;

export function Withdrawals({ accounts }: { accounts: AccountData[] }) {
  const trpc = useTRPC();
  const withdrawals = useQuery(trpc.wallet.withdrawals.queryOptions());
  const scaleOf = new Map(accounts.map((a) => [a.currency, a.scale]));
  const t = useTranslations("wallet");
  if (!withdrawals.data?.length) return null;
  return (
    <Card>
      <CardHeader title={t("withdrawals")} />
      <ul className="divide-y divide-zinc-100">
        {withdrawals.data.slice(0, 10).map((w) => (
          <li
            key={w.id}
            className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm"
            data-testid="withdrawal"
          >
            <div>
              <Money
                amount={w.amount}
                currency={w.currency}
                scale={scaleOf.get(w.currency) ?? 2}
                className="font-medium text-zinc-900"
              />
              <p className="text-xs text-zinc-600">
                <LocalTime value={w.createdAt} />
                {w.reason && ` · ${w.reason}`}
              </p>
            </div>
            <Badge tone={STATUS[w.status].tone}>{t(STATUS[w.status].label)}</Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}
