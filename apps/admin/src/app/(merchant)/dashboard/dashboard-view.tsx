"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ButtonLink, Card, EmptyState, ErrorAlert, Loading, PageHeader, Stat, Table, Td } from "@trade/ui";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function DashboardView() {
  const trpc = useTRPC();
  // Refreshes every 30 s: expiring orders and stock move while the page is open.
  const dashboard = useQuery(trpc.merchant.dashboard.queryOptions(undefined, { refetchInterval: 30_000 }));
  const data = dashboard.data;
  const t = useTranslations("dashboard");
  const { formatCount, formatDateTime, money, relativeTime } = useFormat();

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <ButtonLink href="/products/new">{t("newProduct")}</ButtonLink>
            <ButtonLink href="/orders?status=UNPAID" variant="outline">
              {t("unpaidOrders")}
            </ButtonLink>
          </>
        }
      />
      <ErrorAlert error={dashboard.error} className="mb-4" />
      {dashboard.isPending ? (
        <Loading />
      ) : data ? (
        <div className="space-y-6">
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <Stat
              label={t("unpaidOrders")}
              value={formatCount(data.unpaidOrders)}
              hint={
                <Link className="text-indigo-700 underline-offset-2 hover:underline" href="/orders?status=UNPAID">
                  {t("viewUnpaid")}
                </Link>
              }
            />
            <Stat label={t("expiringSoon")} value={formatCount(data.expiringSoon.length)} />
            <Stat
              label={t("lowStockSkus")}
              value={formatCount(data.lowStock.length)}
              hint={data.lowStock.length >= 10 ? t("showingLowest") : undefined}
            />
            <Stat label={t("currenciesWithSales")} value={formatCount(data.revenue.length)} />
          </dl>

          <Card title={t("revenue")} description={t("revenueDescription")}>
            {data.revenue.length === 0 ? (
              <EmptyState title={t("noPaidOrders")}>{t("noPaidOrdersBody")}</EmptyState>
            ) : (
              <Table
                caption={t("revenueCaption")}
                columns={[
                  t("currency"),
                  { label: t("ordersToday"), align: "right" },
                  { label: t("revenueToday"), align: "right" },
                  { label: t("ordersWeek"), align: "right" },
                  { label: t("revenueWeek"), align: "right" },
                ]}
              >
                {data.revenue.map((r) => (
                  <tr key={r.currency}>
                    <Td className="font-medium">{r.currency}</Td>
                    <Td align="right" className="tabular-nums">
                      {formatCount(r.todayOrders)}
                    </Td>
                    <Td align="right" className="tabular-nums">
                      {money(r.todayRevenue, r.currency)}
                    </Td>
                    <Td align="right" className="tabular-nums">
                      {formatCount(r.weekOrders)}
                    </Td>
                    <Td align="right" className="tabular-nums font-medium">
                      {money(r.weekRevenue, r.currency)}
                    </Td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>

          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Card title={t("aboutToExpire")} description={t("aboutToExpireDescription")}>
              {data.expiringSoon.length === 0 ? (
                <EmptyState title={t("nothingExpiring")} />
              ) : (
                <ul className="divide-y divide-neutral-100">
                  {data.expiringSoon.map((o) => (
                    <li key={o.id} className="flex items-center justify-between gap-3 py-2.5 text-sm">
                      <Link href={`/orders/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                        {t("orderNumber", { id: String(o.id) })}
                      </Link>
                      <span className="tabular-nums">{money(o.total, o.currency)}</span>
                      <span className="text-amber-700" title={formatDateTime(o.expiresAt)}>
                        {t("expires", { when: relativeTime(o.expiresAt) })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title={t("lowStock")} description={t("lowStockDescription")}>
              {data.lowStock.length === 0 ? (
                <EmptyState title={t("wellStocked")} />
              ) : (
                <ul className="divide-y divide-neutral-100">
                  {data.lowStock.map((s) => (
                    <li key={s.id} className="flex items-center justify-between gap-3 py-2.5 text-sm">
                      <div className="min-w-0">
                        <Link
                          href={`/products/${s.product.id}`}
                          className="font-medium text-indigo-700 hover:underline"
                        >
                          {s.product.title}
                        </Link>
                        <p className="truncate text-xs text-neutral-500">{t("sku", { code: s.code })}</p>
                      </div>
                      <span className={s.stock === 0 ? "font-semibold text-red-700" : "text-amber-700"}>
                        {s.stock === 0 ? t("soldOut") : t("left", { count: s.stock })}
                        {s.stockLocked > 0 && (
                          <span className="text-neutral-500">{t("held", { count: s.stockLocked })}</span>
                        )}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        </div>
      ) : null}
    </>
  );
}
