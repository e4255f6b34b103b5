"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, cn, EmptyState, ErrorAlert, Loading, PageHeader, Table, TBody, Td, Th } from "@trade/ui";
import { LocalizedStatus } from "~/components/localized-status";
import { errorCodeOf } from "@trade/api/client";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function OrderView({ orderId }: { orderId: number }) {
  const trpc = useTRPC();
  const order = useQuery(
    trpc.merchant.orders.get.queryOptions(
      { orderId },
      { refetchInterval: (query) => (query.state.data?.status === "UNPAID" ? 10_000 : false) },
    ),
  );
  const t = useTranslations("order");
  const { formatCount, formatDateTime, money, relativeTime } = useFormat();
  const back = { href: "/orders", label: t("back") };
  if (order.isPending) return <Loading label={t("loading")} />;
  if (!order.data) {
    return (
      <>
        <PageHeader back={back} title={t("title", { id: String(orderId) })} />
        {errorCodeOf(order.error) === "NOT_FOUND" ? (
          <Card padded>
            <EmptyState title={t("notFound")}>{t("notFoundBody")}</EmptyState>
          </Card>
        ) : (
          <ErrorAlert error={order.error} />
        )}
      </>
    );
  }
  const o = order.data;
  const timeline: { label: string; at: Date | null; tone: "done" | "pending" | "bad"; note?: string }[] = [
    { label: t("stepPlaced"), at: o.createdAt, tone: "done", note: t("notePlaced") },
    ...(o.status === "UNPAID"
      ? [
          {
            label: t("stepAwaiting"),
            at: o.expiresAt,
            tone: "pending" as const,
            note: t("noteAwaiting", { when: relativeTime(o.expiresAt) }),
          },
        ]
      : []),
    ...(o.paidAt
      ? [{ label: t("stepPaid"), at: o.paidAt, tone: "done" as const, note: t("notePaid", { currency: o.currency }) }]
      : []),
    ...(o.cancelledAt
      ? [
          {
            label: t("stepCancelled"),
            at: o.cancelledAt,
            tone: "bad" as const,
            note: t("noteReleased"),
          },
        ]
      : []),
    ...(o.expiredAt
      ? [{ label: t("stepExpired"), at: o.expiredAt, tone: "bad" as const, note: t("noteReleased") }]
      : []),
  ];

  return (
    <>
      <PageHeader
        back={back}
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>{t("title", { id: String(o.id) })}</span>
            <LocalizedStatus status={o.status} />
          </span>
        }
        description={t("placed", { when: formatDateTime(o.createdAt) })}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title={t("items")}>
          <Table caption={t("itemsCaption")}>
            <thead>
              <tr>
                <Th>{t("product")}</Th>
                <Th>{t("sku")}</Th>
                <Th align="right">{t("qty")}</Th>
                <Th align="right">{t("unitPrice")}</Th>
                <Th align="right">{t("amount")}</Th>
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
                  {t("total")}
                </Td>
                <Td align="right" className="whitespace-nowrap font-semibold tabular-nums" data-testid="order-total">
                  {money(o.total, o.currency, o.scale)}
                </Td>
              </tr>
            </tfoot>
          </Table>
        </Card>
        <div className="space-y-6">
          <Card title={t("buyer")}>
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-neutral-500">{t("name")}</dt>
                <dd className="font-medium">{o.buyer.name}</dd>
              </div>
              <div>
                <dt className="text-neutral-500">{t("email")}</dt>
                <dd className="break-all">{o.buyer.email}</dd>
              </div>
              <div>
                <dt className="text-neutral-500">{t("buyerId")}</dt>
                <dd>#{o.buyer.id}</dd>
              </div>
            </dl>
          </Card>
          <Card title={t("timeline")}>
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
