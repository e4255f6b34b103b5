"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { isZero, minMax, minus, ratio } from "@trade/api/money";
import { Card, CardBody, CardHeader, Label, Select, Skeleton } from "@trade/ui";
import { LocalTime } from "~/lib/local-time";
import { useFormatMoney } from "~/lib/money";
import type { AccountData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const W = 600;
const H = 160;
const PAD = 8;

/**
 * Available balance after each movement, oldest to newest, as a step line (a balance changes in
 * jumps). Inline SVG from the ledger's `availableAfter`; numbers here only position pixels.
 */
export function BalanceChart({ accounts }: { accounts: AccountData[] }) {
  const trpc = useTRPC();
  const fmt = useFormatMoney();
  const t = useTranslations("wallet");
  // Until the reader picks one, chart the currency that moved last.
  const latest = useQuery(trpc.wallet.ledger.queryOptions({ limit: 1 }));
  const [picked, setPicked] = useState<string | null>(null);
  const currency =
    picked ??
    latest.data?.items[0]?.currency ??
    accounts.find((a) => !isZero(a.total))?.currency ??
    accounts[0]?.currency ??
    "USD";
  const account = accounts.find((a) => a.currency === currency);
  const scale = account?.scale ?? 2;
  const ledger = useQuery(trpc.wallet.ledger.queryOptions({ currency, limit: 100 }));

  const lines = [...(ledger.data?.items ?? [])].reverse();
  // Both lines of a hold (available -x, frozen +x) share a journal: keep the journal's last line.
  const points = lines.filter((l, i) => lines[i + 1]?.journalId !== l.journalId);
  const values = [...(ledger.data?.nextCursor ? [] : ["0"]), ...points.map((p) => p.availableAfter)];
  // The range is found exactly (it is shown as "Max"); floats only turn amounts into pixels.
  const { min, max } = minMax([...values, "0"]) ?? { min: "0", max: "0" };
  const span = minus(max, min);
  // Each balance holds until the next movement: value i spans [x(i), x(i + 1)].
  const x = (i: number) => PAD + (i / values.length) * (W - 2 * PAD);
  const y = (v: string) => PAD + (1 - (isZero(span) ? 0 : ratio(minus(v, min), span))) * (H - 2 * PAD);
  let path = "";
  values.forEach((v, i) => {
    path += i === 0 ? `M${x(0)},${y(v)}` : `V${y(v)}`;
    path += `H${x(i + 1)}`;
  });
  const area = `${path}V${H - PAD}H${x(0)}Z`;
  const lastValue = points.at(-1)?.availableAfter;
  const firstDate = points[0]?.createdAt;
  const lastDate = points.at(-1)?.createdAt;

  return (
    <Card>
      <CardHeader
        title={t("chartTitle")}
        description={t("chartDescription")}
        actions={
          <div className="flex items-center gap-2">
            <Label htmlFor="chart-currency" className="sr-only">
              {t("chartCurrency")}
            </Label>
            <Select
              id="chart-currency"
              value={currency}
              onChange={(e) => setPicked(e.target.value)}
              className="h-9 w-24"
            >
              {accounts.map((a) => (
                <option key={a.currency}>{a.currency}</option>
              ))}
            </Select>
          </div>
        }
      />
      <CardBody>
        {ledger.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : points.length === 0 ? (
          <p className="grid h-40 place-items-center rounded-xl bg-zinc-50 text-sm text-zinc-600">
            {t("noMovementsIn", { currency })}
          </p>
        ) : (
          <figure>
            <svg
              viewBox={`0 0 ${W} ${H}`}
              preserveAspectRatio="none"
              className="h-40 w-full"
              role="img"
              aria-label={t("chartLabel", {
                currency,
                count: points.length,
                amount: fmt(lastValue ?? "0", currency, scale),
              })}
            >
              <defs>
                <linearGradient id="balance-fill" x1="0" x2="0" y1="0" y2="1">
                  <stop offset="0%" stopColor="rgb(79 70 229)" stopOpacity="0.25" />
                  <stop offset="100%" stopColor="rgb(79 70 229)" stopOpacity="0" />
                </linearGradient>
              </defs>
              {[0.25, 0.5, 0.75].map((f) => (
                <line
                  key={f}
                  x1={0}
                  x2={W}
                  y1={H * f}
                  y2={H * f}
                  stroke="rgb(228 228 231)"
                  strokeDasharray="4 4"
                  vectorEffect="non-scaling-stroke"
                />
              ))}
              <path d={area} fill="url(#balance-fill)" />
              <path
                d={path}
                fill="none"
                stroke="rgb(79 70 229)"
                strokeWidth="2.5"
                strokeLinejoin="round"
                vectorEffect="non-scaling-stroke"
              />
            </svg>
            <figcaption className="mt-2 flex justify-between gap-4 text-xs text-zinc-600">
              <span>{firstDate && <LocalTime value={firstDate} format="date" />}</span>
              <span>
                {t("chartMax", { amount: fmt(max, currency, scale) })}{" "}
                <span className="font-medium text-zinc-900">{fmt(lastValue ?? "0", currency, scale)}</span>
              </span>
              <span>{lastDate && <LocalTime value={lastDate} format="date" />}</span>
            </figcaption>
          </figure>
        )}
      </CardBody>
    </Card>
  );
}
