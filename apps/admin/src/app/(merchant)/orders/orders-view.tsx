"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, Field, FilterBar, Input, PageHeader, Table, Td, useCursorPager } from "@trade/ui";
import { FilteredList } from "~/components/filtered-list";
import { LocalizedStatus } from "~/components/localized-status";
import { pickStatus, useStatusSelect } from "~/components/status-select";
import { useTranslations } from "next-intl";
import { addDays, parseDateInput, useFormat } from "~/lib/format";
import { useUrlState } from "~/lib/use-url-state";
import type { OrderStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 25;
const STATUSES = ["UNPAID", "PAID", "CANCELLED", "EXPIRED"] as const satisfies readonly OrderStatus[];

export function OrdersView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(["status", "from", "to"] as const);
  const t = useTranslations("orders");
  const filterText = useTranslations("filters");
  const { formatDateTime, money, relativeTime } = useFormat();
  const status = pickStatus(STATUSES, filters.status);
  const statusSelect = useStatusSelect(STATUSES, {
    label: t("status"),
    allLabel: t("allStatuses"),
    value: status,
    onChange: (s) => setFilters({ status: s ?? "" }),
  });
  const from = parseDateInput(filters.from);
  const toDay = parseDateInput(filters.to);
  // "To" is inclusive for people: orders placed any time on that day.
  const to = toDay ? addDays(toDay, 1) : undefined;
  const badRange = from && to && from >= to;
  const pager = useCursorPager<number>(`${status ?? ""}|${filters.from}|${filters.to}`);
  const orders = useQuery(
    trpc.merchant.orders.list.queryOptions(
      { status, from, to: badRange ? undefined : to, cursor: pager.cursor, limit: PAGE_SIZE },
      { placeholderData: keepPreviousData, refetchInterval: 30_000 },
    ),
  );
  const filtered = Boolean(status || filters.from || filters.to);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card padded>
        <FilterBar
          label={t("filterForm")}
          selects={[statusSelect]}
          resetLabel={filterText("reset")}
          onReset={() => setFilters({ status: "", from: "", to: "" })}
          active={filtered}
        >
          <Field label={t("placedFrom")} className="sm:flex-1">
            <Input
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(e) => setFilters({ from: e.target.value })}
            />
          </Field>
          <Field label={t("placedTo")} error={badRange ? t("badRange") : undefined} className="sm:flex-1">
            <Input
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(e) => setFilters({ to: e.target.value })}
            />
          </Field>
        </FilterBar>
        <FilteredList namespace="orders" query={orders} pager={pager} pageSize={PAGE_SIZE} filtered={filtered}>
          {(items) => (
            <Table
              caption={t("caption")}
              columns={[
                t("order"),
                t("status"),
                t("items"),
                { label: t("total"), align: "right" },
                t("placed"),
                t("paidOrCloses"),
              ]}
            >
              {items.map((o) => {
                const units = o.items.reduce((n, i) => n + i.quantity, 0);
                return (
                  <tr key={o.id} className="hover:bg-neutral-50" data-order={o.id}>
                    <Td>
                      <Link href={`/orders/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                        #{o.id}
                      </Link>
                    </Td>
                    <Td>
                      <LocalizedStatus status={o.status} />
                    </Td>
                    <Td className="max-w-64">
                      <p className="truncate">{o.items.map((i) => i.title).join(", ")}</p>
                      <p className="text-xs text-neutral-500">{t("units", { count: units })}</p>
                    </Td>
                    <Td align="right" className="whitespace-nowrap font-medium tabular-nums">
                      {money(o.total, o.currency, o.scale)}
                    </Td>
                    <Td className="whitespace-nowrap text-neutral-600">{formatDateTime(o.createdAt)}</Td>
                    <Td className="whitespace-nowrap text-neutral-600">
                      {o.status === "PAID" ? (
                        formatDateTime(o.paidAt)
                      ) : o.status === "UNPAID" ? (
                        <span className="text-amber-700">{t("expires", { when: relativeTime(o.expiresAt) })}</span>
                      ) : (
                        formatDateTime(o.cancelledAt ?? o.expiredAt)
                      )}
                    </Td>
                  </tr>
                );
              })}
            </Table>
          )}
        </FilteredList>
      </Card>
    </>
  );
}
