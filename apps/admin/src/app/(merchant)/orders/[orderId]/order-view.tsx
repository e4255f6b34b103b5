"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, cn, EmptyState, Loading, PageHeader, Table, TBody, Td, Th } from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { StatusBadge } from "~/components/status-badge";
import { errorCodeOf } from "@trade/api/client";
import { formatCount, formatDateTime, money, relativeTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function OrderView({ orderId }: { orderId: number }) {
  const trpc = useTRPC();
  const order = useQuery(
    trpc.merchant.orders.get.queryOptions(
      { orderId },
      { refetchInterval: (query) => (query.state.data?.status === "UNPAID" ? 10_000 : false) },
    ),
  );
  const back = (
    <Link href="/orders" className="text-indigo-700 hover:underline">
      ← Orders
    </Link>
  );
  if (order.isPending) return <Loading label="Loading order…" />;
  if (!order.data) {
    return (
      <>
        <PageHeader back={back} title={`Order #${orderId}`} />
        {errorCodeOf(order.error) === "NOT_FOUND" ? (
          <Card padded>
            <EmptyState title="Order not found">It does not exist or is not an order for your products.</EmptyState>
          </Card>
        ) : (
          <ErrorAlert error={order.error} />
        )}
      </>
    );
  }
  const o = order.data;
  const timeline: { label: string; at: Date | null; tone: "done" | "pending" | "bad"; note?: string }[] = [
    { label: "Placed", at: o.createdAt, tone: "done", note: "Stock and the buyer's funds were held." },
    ...(o.status === "UNPAID"
      ? [
          {
            label: "Awaiting payment",
            at: o.expiresAt,
            tone: "pending" as const,
            note: `The hold ends ${relativeTime(o.expiresAt)} if unpaid.`,
          },
        ]
      : []),
    ...(o.paidAt
      ? [{ label: "Paid", at: o.paidAt, tone: "done" as const, note: "Settled to your account in " + o.currency + "." }]
      : []),
    ...(o.cancelledAt
      ? [
          {
            label: "Cancelled by the buyer",
            at: o.cancelledAt,
            tone: "bad" as const,
            note: "Stock and funds were released.",
          },
        ]
      : []),
    ...(o.expiredAt
      ? [{ label: "Expired unpaid", at: o.expiredAt, tone: "bad" as const, note: "Stock and funds were released." }]
      : []),
  ];

  return (
    <>
      <PageHeader
        back={back}
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>Order #{o.id}</span>
            <StatusBadge status={o.status} />
          </span>
        }
        description={`Placed ${formatDateTime(o.createdAt)}`}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title="Items">
          <Table caption="Items of this order">
            <thead>
              <tr>
                <Th>Product</Th>
                <Th>SKU</Th>
                <Th align="right">Qty</Th>
                <Th align="right">Unit price</Th>
                <Th align="right">Amount</Th>
              </tr>
            </thead>
            <TBody>
              {o.items.map((i) => (
                <tr key={i.skuId}>
                  <Td>
                    <Link href={`/products/${i.productId}`} className="text-indigo-700 hover:underline">
                      {i.title}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{i.code}</Td>
                  <Td align="right" className="tabular-nums">
                    {formatCount(i.quantity)}
                  </Td>
                  <Td align="right" className="whitespace-nowrap tabular-nums">
                    {money(i.unitPrice, o.currency, o.scale)}
                  </Td>
                  <Td align="right" className="whitespace-nowrap tabular-nums">
                    {money(i.lineTotal, o.currency, o.scale)}
                  </Td>
                </tr>
              ))}
            </TBody>
            <tfoot>
              <tr className="border-t border-neutral-200">
                <Td colSpan={4} className="text-right font-semibold">
                  Total
                </Td>
                <Td align="right" className="whitespace-nowrap font-semibold tabular-nums" data-testid="order-total">
                  {money(o.total, o.currency, o.scale)}
                </Td>
              </tr>
            </tfoot>
          </Table>
        </Card>
        <div className="space-y-6">
          <Card title="Buyer">
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-neutral-500">Name</dt>
                <dd className="font-medium">{o.buyer.name}</dd>
              </div>
              <div>
                <dt className="text-neutral-500">Email</dt>
                <dd className="break-all">{o.buyer.email}</dd>
              </div>
              <div>
                <dt className="text-neutral-500">Buyer id</dt>
                <dd>#{o.buyer.id}</dd>
              </div>
            </dl>
          </Card>
          <Card title="Timeline">
            <ol className="relative space-y-4 border-l border-neutral-200 pl-5">
              {timeline.map((step) => (
                <li key={step.label} className="relative">
                  <span
                    aria-hidden="true"
                    className={cn(
                      "absolute top-1 -left-[1.6rem] size-3 rounded-full ring-4 ring-white",
                      step.tone === "done" && "bg-green-600",
                      step.tone === "pending" && "bg-amber-500",
                      step.tone === "bad" && "bg-red-500",
                    )}
                  />
                  <p className="text-sm font-medium">{step.label}</p>
                  <p className="text-xs text-neutral-500">{formatDateTime(step.at)}</p>
                  {step.note && <p className="mt-0.5 text-xs text-neutral-600">{step.note}</p>}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </>
  );
}
