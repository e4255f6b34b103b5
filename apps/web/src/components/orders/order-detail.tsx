"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import {
  Alert,
  Button,
  buttonClass,
  Card,
  CardBody,
  CardHeader,
  DescriptionItem,
  ErrorAlert,
  PageHeader,
} from "@trade/ui";
import { errorCodeOf } from "@trade/api/client";
import { LocalTime } from "~/lib/local-time";
import { Money, useFormatMoney } from "~/lib/money";
import type { OrderData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { formatRemaining, useServerClock } from "./countdown";
import { LocalizedOrderStatus } from "./localized-order-status";
import { OrderTimeline } from "./timeline";

export function OrderDetail({ initialOrder, serverNow }: { initialOrder: OrderData; serverNow: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.order.get.queryKey({ orderId: initialOrder.id });
  const now = useServerClock(serverNow);
  const t = useTranslations("order");
  const orders = useTranslations("orders");
  const common = useTranslations("common");

  const query = useQuery({
    ...trpc.order.get.queryOptions({ orderId: initialOrder.id }),
    initialData: initialOrder,
    // Once the countdown ran out, follow the order until the server has closed it.
    refetchInterval: (q) => {
      const data = q.state.data;
      return data?.status === "UNPAID" && Date.now() >= new Date(data.expiresAt).getTime() - 1_000 ? 2_000 : false;
    },
  });
  const order = query.data;
  // The deadline of the order as last read (not as first rendered): the server's word wins.
  const expiresAt = new Date(order.expiresAt).getTime();
  const dueLocally = now >= expiresAt;

  // The order closed while the page was open (the job expired it, or another tab paid or
  // cancelled it): the held money moved, so the header's balance and the order list are stale.
  const shownStatus = useRef(order.status);
  useEffect(() => {
    if (shownStatus.current === order.status) return;
    shownStatus.current = order.status;
    void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
  }, [order.status, queryClient, trpc]);

  // The new status refreshes the balance and the list (the effect above).
  const refreshAfterMove = (next: OrderData) => queryClient.setQueryData(key, next);
  const onMoveError = (error: unknown) => {
    const code = errorCodeOf(error);
    if (code === "ORDER_EXPIRED" || code === "ORDER_NOT_PAYABLE" || code === "ORDER_NOT_CANCELLABLE")
      void queryClient.invalidateQueries({ queryKey: key });
  };
  const pay = useMutation(trpc.order.pay.mutationOptions({ onSuccess: refreshAfterMove, onError: onMoveError }));
  const cancel = useMutation(trpc.order.cancel.mutationOptions({ onSuccess: refreshAfterMove, onError: onMoveError }));

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {orders("orderNumber", { id: String(order.id) })}
            {/* Past its due time an unpaid order is expired for the customer, even before the job closes it. */}
            <LocalizedOrderStatus
              status={order.status === "UNPAID" && dueLocally ? "EXPIRED" : order.status}
              testId="order-status"
            />
          </span>
        }
        description={
          <>
            {t("placedAt", { merchant: order.merchant.name })} <LocalTime value={order.createdAt} />
          </>
        }
        actions={
          <Link href="/orders" className={buttonClass("ghost", "sm")}>
            {t("allOrders")}
          </Link>
        }
      />

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem] lg:items-start">
        <div className="order-2 space-y-6 lg:order-1">
          <Card>
            <CardHeader title={t("items")} />
            <ul className="divide-y divide-zinc-100">
              {order.items.map((item) => (
                <li key={item.skuId} className="flex items-start justify-between gap-4 px-5 py-3">
                  <div className="min-w-0">
                    <Link href={`/products/${item.productId}`} className="font-medium text-zinc-900 hover:underline">
                      {item.title}
                    </Link>
                    <p className="text-sm text-zinc-600">
                      {item.quantity} × <Money amount={item.unitPrice} currency={order.currency} scale={order.scale} />{" "}
                      · {common("sku", { code: item.code })}
                    </p>
                  </div>
                  <Money
                    amount={item.lineTotal}
                    currency={order.currency}
                    scale={order.scale}
                    className="font-medium"
                  />
                </li>
              ))}
            </ul>
            <div className="flex items-center justify-between border-t border-zinc-100 px-5 py-4">
              <span className="text-sm text-zinc-600">{common("total")}</span>
              <Money
                amount={order.total}
                currency={order.currency}
                scale={order.scale}
                className="text-lg font-semibold"
                data-testid="order-total"
              />
            </div>
          </Card>
          <Card>
            <CardHeader title={t("timeline")} />
            <CardBody>
              <OrderTimeline order={order} dueLocally={dueLocally} />
            </CardBody>
          </Card>
        </div>

        <div className="order-1 lg:sticky lg:top-24 lg:order-2">
          {order.status === "UNPAID" && !dueLocally ? (
            <PayPanel order={order} remainingMs={expiresAt - now} pay={pay} cancel={cancel} />
          ) : (
            <OutcomePanel order={order} dueLocally={dueLocally} error={pay.error ?? cancel.error} />
          )}
        </div>
      </div>
    </div>
  );
}

type Move = ReturnType<typeof useMutation<OrderData, unknown, { orderId: number }>>;

function PayPanel({
  order,
  remainingMs,
  pay,
  cancel,
}: {
  order: OrderData;
  remainingMs: number;
  pay: Move;
  cancel: Move;
}) {
  const trpc = useTRPC();
  const fmt = useFormatMoney();
  const t = useTranslations("order");
  const accounts = useQuery(trpc.wallet.accounts.queryOptions());
  const account = accounts.data?.find((a) => a.currency === order.currency);
  const [confirmCancel, setConfirmCancel] = useState(false);
  // A second click while the first request is on its way must not send another one.
  const inFlight = useRef(false);
  const busy = pay.isPending || cancel.isPending;
  const ttl = new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime();
  const fraction = ttl > 0 ? Math.max(0, Math.min(1, remainingMs / ttl)) : 0;
  const urgent = remainingMs < 5 * 60_000;

  const run = (move: Move) => {
    if (inFlight.current) return;
    inFlight.current = true;
    move.mutate({ orderId: order.id }, { onSettled: () => (inFlight.current = false) });
  };

  return (
    <Card data-testid="pay-panel">
      <CardBody className="space-y-5">
        <div>
          <p className="text-sm font-medium text-zinc-600" id="countdown-label">
            {t("payWithin")}
          </p>
          <p
            role="timer"
            aria-labelledby="countdown-label"
            className={`tabular text-4xl font-semibold tracking-tight ${urgent ? "text-red-700" : "text-zinc-900"}`}
            data-testid="countdown"
          >
            {formatRemaining(remainingMs)}
          </p>
          <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
            <div
              className={`h-full rounded-full ${urgent ? "bg-red-500" : "bg-indigo-600"}`}
              style={{ width: `${fraction * 100}%` }}
            />
          </div>
          <p className="mt-2 text-xs text-zinc-600">
            {t.rich("until", { time: () => <LocalTime value={order.expiresAt} format="time" /> })}
          </p>
        </div>

        <dl className="space-y-2 rounded-xl bg-zinc-50 p-4 text-sm">
          <DescriptionItem inline label={t("held")}>
            <Money
              amount={order.total}
              currency={order.currency}
              scale={order.scale}
              className="font-semibold text-zinc-900"
              data-testid="held-amount"
            />
          </DescriptionItem>
          {account && (
            <DescriptionItem inline label={t("stillAvailable")}>
              <Money amount={account.available} currency={account.currency} scale={account.scale} />
            </DescriptionItem>
          )}
          <p className="pt-1 text-xs leading-relaxed text-zinc-600">
            {t("reservedNote", { merchant: order.merchant.name })}
          </p>
        </dl>

        {pay.error || cancel.error ? <ErrorAlert error={pay.error ?? cancel.error} /> : null}

        <div className="space-y-3">
          <Button
            size="lg"
            className="w-full"
            onClick={() => run(pay)}
            loading={pay.isPending}
            loadingText={t("paying")}
            disabled={busy}
          >
            {t("pay", { amount: fmt(order.total, order.currency, order.scale) })}
          </Button>
          {confirmCancel ? (
            <div
              className="space-y-2 rounded-xl border border-red-200 bg-red-50 p-3"
              role="group"
              aria-label={t("confirmCancel")}
            >
              <p className="text-sm text-red-900">{t("cancelQuestion")}</p>
              <div className="flex gap-2">
                <Button
                  variant="danger-outline"
                  size="sm"
                  onClick={() => run(cancel)}
                  loading={cancel.isPending}
                  loadingText={t("cancelling")}
                  disabled={busy}
                >
                  {t("yesCancel")}
                </Button>
                <Button variant="ghost" size="sm" onClick={() => setConfirmCancel(false)} disabled={busy}>
                  {t("keepOrder")}
                </Button>
              </div>
            </div>
          ) : (
            <Button variant="outline" className="w-full" onClick={() => setConfirmCancel(true)} disabled={busy}>
              {t("cancelOrder")}
            </Button>
          )}
        </div>
      </CardBody>
    </Card>
  );
}

function OutcomePanel({ order, dueLocally, error }: { order: OrderData; dueLocally: boolean; error: unknown }) {
  const fmt = useFormatMoney();
  const t = useTranslations("order");
  const common = useTranslations("common");
  const amount = fmt(order.total, order.currency, order.scale);
  const shop = (
    <Link href="/" className={buttonClass("outline", "sm")}>
      {common("continueShopping")}
    </Link>
  );
  if (order.status === "PAID") {
    return (
      <Alert tone="success" title={t("paidTitle")} data-testid="order-paid" action={shop}>
        {order.paidAt
          ? t.rich("paidBodyAt", {
              amount,
              merchant: order.merchant.name,
              time: () => <LocalTime value={order.paidAt ?? order.createdAt} />,
            })
          : t("paidBody", { amount, merchant: order.merchant.name })}
      </Alert>
    );
  }
  if (order.status === "CANCELLED") {
    return (
      <Alert tone="info" title={t("cancelledTitle")} data-testid="order-cancelled" action={shop}>
        {t("cancelledBody", { amount })}
      </Alert>
    );
  }
  // EXPIRED, or UNPAID whose time ran out while the page was open (the server closes it shortly).
  return (
    <div className="space-y-4">
      {error && errorCodeOf(error) !== "ORDER_EXPIRED" ? <ErrorAlert error={error} /> : null}
      <Alert tone="warning" title={t("expiredTitle")} data-testid="order-expired" action={shop}>
        {dueLocally && order.status === "UNPAID" ? t("expiredClosing", { amount }) : t("expiredBody", { amount })}
      </Alert>
    </div>
  );
}
