"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import {
  Button,
  Card,
  EmptyState,
  Field,
  Input,
  PageHeader,
  PagedList,
  Select,
  TBody,
  Table,
  Td,
  Th,
  useCursorPager,
} from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { StatusBadge } from "~/components/status-badge";
import { addDays, formatCount, formatDateTime, money, parseDateInput, relativeTime } from "~/lib/format";
import { useUrlState } from "~/lib/use-url-state";
import type { OrderStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 25;
const STATUSES = ["UNPAID", "PAID", "CANCELLED", "EXPIRED"] as const satisfies readonly OrderStatus[];

export function OrdersView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(["status", "from", "to"] as const);
  const status = (STATUSES as readonly string[]).includes(filters.status) ? (filters.status as OrderStatus) : undefined;
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
      <PageHeader
        title="Orders"
        description="Orders for your products, newest first. Unpaid orders hold stock until they are paid or expire."
      />
      <Card padded>
        <form
          className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-[12rem_1fr_1fr_auto] sm:items-end"
          onSubmit={(e) => e.preventDefault()}
          aria-label="Filter orders"
        >
          <Field label="Status">
            <Select value={status ?? ""} onChange={(e) => setFilters({ status: e.target.value })}>
              <option value="">All statuses</option>
              <option value="UNPAID">Unpaid</option>
              <option value="PAID">Paid</option>
              <option value="CANCELLED">Cancelled</option>
              <option value="EXPIRED">Expired</option>
            </Select>
          </Field>
          <Field label="Placed from">
            <Input
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(e) => setFilters({ from: e.target.value })}
            />
          </Field>
          <Field label="Placed to (inclusive)" error={badRange ? "The end date is before the start date." : undefined}>
            <Input
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(e) => setFilters({ to: e.target.value })}
            />
          </Field>
          <Button variant="ghost" onClick={() => setFilters({ status: "", from: "", to: "" })} disabled={!filtered}>
            Clear filters
          </Button>
        </form>
        <ErrorAlert error={orders.error} className="mb-4" />
        <PagedList
          query={orders}
          pager={pager}
          pageSize={PAGE_SIZE}
          noun="orders"
          loadingLabel="Loading orders…"
          empty={
            <EmptyState title={filtered ? "No orders match these filters" : "No orders yet"}>
              {filtered
                ? "Try another status or date range."
                : "Orders appear here when buyers order your listed products."}
            </EmptyState>
          }
        >
          {(items) => (
            <>
              <Table caption="Orders">
                <thead>
                  <tr>
                    <Th>Order</Th>
                    <Th>Status</Th>
                    <Th>Items</Th>
                    <Th align="right">Total</Th>
                    <Th>Placed</Th>
                    <Th>Paid / closes</Th>
                  </tr>
                </thead>
                <TBody>
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
                          <StatusBadge status={o.status} />
                        </Td>
                        <Td className="max-w-64">
                          <p className="truncate">{o.items.map((i) => i.title).join(", ")}</p>
                          <p className="text-xs text-neutral-500">{formatCount(units)} unit(s)</p>
                        </Td>
                        <Td align="right" className="whitespace-nowrap font-medium tabular-nums">
                          {money(o.total, o.currency, o.scale)}
                        </Td>
                        <Td className="whitespace-nowrap text-neutral-600">{formatDateTime(o.createdAt)}</Td>
                        <Td className="whitespace-nowrap text-neutral-600">
                          {o.status === "PAID" ? (
                            formatDateTime(o.paidAt)
                          ) : o.status === "UNPAID" ? (
                            <span className="text-amber-700">expires {relativeTime(o.expiresAt)}</span>
                          ) : (
                            formatDateTime(o.cancelledAt ?? o.expiredAt)
                          )}
                        </Td>
                      </tr>
                    );
                  })}
                </TBody>
              </Table>
            </>
          )}
        </PagedList>
      </Card>
    </>
  );
}
