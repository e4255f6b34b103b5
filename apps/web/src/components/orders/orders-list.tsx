"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button, buttonClass, cn, EmptyState, ErrorAlert, LoadingRegion, Skeleton } from "@trade/ui";
import { LocalTime } from "~/lib/local-time";
import { Money } from "~/lib/money";
import type { OrderStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { LocalizedOrderStatus, STATUS_LABEL } from "./localized-order-status";

const FILTERS: (OrderStatus | undefined)[] = [undefined, "UNPAID", "PAID", "CANCELLED", "EXPIRED"];

export function OrdersList({ status }: { status?: OrderStatus }) {
  const trpc = useTRPC();
  const orders = useInfiniteQuery(
    trpc.order.list.infiniteQueryOptions({ status, limit: 10 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const items = orders.data?.pages.flatMap((p) => p.items) ?? [];
  const t = useTranslations("orders");
  const common = useTranslations("common");

  return (
    <div className="space-y-4">
      <nav aria-label={t("filterNav")} className="-mx-4 overflow-x-auto px-4">
        <ul className="flex w-max gap-1 rounded-xl bg-zinc-100 p-1">
          {FILTERS.map((f) => {
            const active = f === status;
            return (
              <li key={f ?? "ALL"}>
                <Link
                  href={f ? `/orders?status=${f}` : "/orders"}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "block rounded-lg px-3 py-1.5 text-sm font-medium whitespace-nowrap",
                    active ? "bg-white text-zinc-900 shadow-sm" : "text-zinc-600 hover:text-zinc-900",
                  )}
                >
                  {f ? t(STATUS_LABEL[f]) : common("all")}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      {orders.isPending ? (
        <LoadingRegion label={t("loading")} className="space-y-3">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-20 w-full rounded-2xl" />
          ))}
        </LoadingRegion>
      ) : orders.error ? (
        <ErrorAlert error={orders.error} />
      ) : items.length === 0 ? (
        <EmptyState
          title={status ? t("noneWithStatus", { status: t(STATUS_LABEL[status]) }) : t("none")}
          action={
            <Link href="/" className={buttonClass()}>
              {t("startShopping")}
            </Link>
          }
        >
          {status ? t("tryAnotherFilter") : t("noneBody")}
        </EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="orders-list">
          {items.map((order) => {
            const count = order.items.reduce((n, i) => n + i.quantity, 0);
            const first = order.items[0]?.title ?? "";
            return (
              <li key={order.id}>
                <Link
                  href={`/orders/${order.id}`}
                  className="group flex flex-wrap items-center gap-x-4 gap-y-2 rounded-2xl border border-zinc-200 bg-white px-5 py-4 shadow-sm transition-shadow hover:shadow-md"
                  data-testid="order-row"
                >
                  <div className="min-w-0 flex-1">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-zinc-900">
                      <span>{t("orderNumber", { id: String(order.id) })}</span>
                      <LocalizedOrderStatus status={order.status} />
                    </p>
                    <p className="mt-0.5 truncate text-sm text-zinc-600">
                      {order.merchant.name} · {first}
                      {order.items.length > 1 && t("andMore", { count: order.items.length - 1 })} ·{" "}
                      {common("items", { count })}
                    </p>
                  </div>
                  <div className="flex items-center gap-4 text-right">
                    <div>
                      <Money
                        amount={order.total}
                        currency={order.currency}
                        scale={order.scale}
                        className="font-semibold text-zinc-900"
                      />
                      <p className="text-xs text-zinc-600">
                        <LocalTime value={order.createdAt} />
                      </p>
                    </div>
                    <svg
                      viewBox="0 0 20 20"
                      className="size-5 text-zinc-400 group-hover:text-zinc-600"
                      fill="currentColor"
                      aria-hidden="true"
                    >
                      <path d="M7.3 5.3a1 1 0 0 1 1.4 0l4 4a1 1 0 0 1 0 1.4l-4 4a1 1 0 0 1-1.4-1.4L10.6 10 7.3 6.7a1 1 0 0 1 0-1.4z" />
                    </svg>
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {orders.hasNextPage && (
        <div className="flex justify-center">
          <Button
            variant="outline"
            onClick={() => void orders.fetchNextPage()}
            loading={orders.isFetchingNextPage}
            loadingText={common("loading")}
          >
            {common("loadMore")}
          </Button>
        </div>
      )}
      {orders.error && items.length > 0 ? <ErrorAlert error={orders.error} /> : null}
    </div>
  );
}
