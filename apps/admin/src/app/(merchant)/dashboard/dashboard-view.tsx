"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ButtonLink, Card, EmptyState, Loading, PageHeader, Stat, TBody, Table, Td, Th } from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { formatCount, formatDateTime, money, relativeTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function DashboardView() {
  const trpc = useTRPC();
  // Refreshes every 30 s: expiring orders and stock move while the page is open.
  const dashboard = useQuery(trpc.merchant.dashboard.queryOptions(undefined, { refetchInterval: 30_000 }));
  const data = dashboard.data;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Paid orders and revenue (today and the last 7 days), unpaid orders about to expire, low stock."
        actions={
          <>
            <ButtonLink href="/products/new">New product</ButtonLink>
            <ButtonLink href="/orders?status=UNPAID" variant="outline">
              Unpaid orders
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
              label="Unpaid orders"
              value={formatCount(data.unpaidOrders)}
              hint={
                <Link className="text-indigo-700 underline-offset-2 hover:underline" href="/orders?status=UNPAID">
                  View unpaid orders
                </Link>
              }
            />
            <Stat label="Expiring within 10 min" value={formatCount(data.expiringSoon.length)} />
            <Stat
              label="Low-stock SKUs (≤ 5)"
              value={formatCount(data.lowStock.length)}
              hint={data.lowStock.length >= 10 ? "showing the 10 lowest" : undefined}
            />
            <Stat label="Currencies with sales this week" value={formatCount(data.revenue.length)} />
          </dl>

          <Card
            title="Revenue"
            description="Paid orders per currency. Today is since midnight UTC; the week is the last 7 days."
          >
            {data.revenue.length === 0 ? (
              <EmptyState title="No paid orders this week">
                Revenue appears here as soon as a buyer pays an order.
              </EmptyState>
            ) : (
              <Table caption="Revenue per currency">
                <thead>
                  <tr>
                    <Th>Currency</Th>
                    <Th align="right">Orders today</Th>
                    <Th align="right">Revenue today</Th>
                    <Th align="right">Orders this week</Th>
                    <Th align="right">Revenue this week</Th>
                  </tr>
                </thead>
                <TBody>
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
                </TBody>
              </Table>
            )}
          </Card>

          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Card title="Unpaid orders about to expire" description="Unpaid orders whose hold ends within 10 minutes.">
              {data.expiringSoon.length === 0 ? (
                <EmptyState title="Nothing about to expire" />
              ) : (
                <ul className="divide-y divide-neutral-100">
                  {data.expiringSoon.map((o) => (
                    <li key={o.id} className="flex items-center justify-between gap-3 py-2.5 text-sm">
                      <Link href={`/orders/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                        Order #{o.id}
                      </Link>
                      <span className="tabular-nums">{money(o.total, o.currency)}</span>
                      <span className="text-amber-700" title={formatDateTime(o.expiresAt)}>
                        expires {relativeTime(o.expiresAt)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title="Low stock" description="Listed SKUs with 5 or fewer units left to sell.">
              {data.lowStock.length === 0 ? (
                <EmptyState title="All listed SKUs are well stocked" />
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
                        <p className="truncate text-xs text-neutral-500">SKU {s.code}</p>
                      </div>
                      <span className={s.stock === 0 ? "font-semibold text-red-700" : "text-amber-700"}>
                        {s.stock === 0 ? "Sold out" : `${s.stock} left`}
                        {s.stockLocked > 0 && <span className="text-neutral-500"> · {s.stockLocked} held</span>}
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
