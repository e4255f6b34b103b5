"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import {
  Badge,
  Card,
  EmptyState,
  Field,
  Loading,
  PageHeader,
  PagedList,
  Select,
  TBody,
  Table,
  Td,
  Th,
  useCursorPager,
  type BadgeTone,
} from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { formatDateTime, money } from "~/lib/format";
import { useUrlState } from "~/lib/use-url-state";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 25;

const JOURNAL_LABELS: Record<string, { label: string; tone: BadgeTone }> = {
  ORDER_SETTLE: { label: "Settlement", tone: "success" },
  ORDER_HOLD: { label: "Order hold", tone: "warning" },
  ORDER_RELEASE: { label: "Hold released", tone: "neutral" },
  DEPOSIT: { label: "Deposit", tone: "info" },
  WITHDRAW_HOLD: { label: "Withdrawal hold", tone: "warning" },
  WITHDRAW_COMPLETE: { label: "Withdrawal", tone: "brand" },
  WITHDRAW_RELEASE: { label: "Withdrawal returned", tone: "neutral" },
};

export function MoneyView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(["currency"] as const);
  const accounts = useQuery(trpc.merchant.accounts.queryOptions(undefined, { refetchInterval: 30_000 }));
  const currency = filters.currency || undefined;
  const pager = useCursorPager<string>(currency ?? "");
  const ledger = useQuery(
    trpc.merchant.ledger.queryOptions(
      { currency, cursor: pager.cursor, limit: PAGE_SIZE },
      { placeholderData: keepPreviousData },
    ),
  );

  return (
    <>
      <PageHeader
        title="Money"
        description="Your balance in each currency and the ledger behind it. Paid orders settle here at once."
      />
      <ErrorAlert error={accounts.error} className="mb-4" />
      {accounts.isPending ? (
        <Loading label="Loading accounts…" />
      ) : accounts.data && accounts.data.length > 0 ? (
        <ul className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Accounts">
          {accounts.data.map((a) => (
            <li
              key={a.id}
              className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-neutral-200"
              data-currency={a.currency}
            >
              <div className="flex items-center justify-between">
                <p className="text-sm font-semibold">{a.currency}</p>
                <button
                  type="button"
                  className="rounded text-xs text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                  onClick={() => setFilters({ currency: currency === a.currency ? "" : a.currency })}
                  aria-pressed={currency === a.currency}
                >
                  {currency === a.currency ? "Show all" : "Ledger"}
                </button>
              </div>
              <p className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">
                {money(a.available, a.currency, a.scale)}
              </p>
              <p className="text-xs text-neutral-500">
                available{!/^0(\.0*)?$/.test(a.frozen) && ` · ${money(a.frozen, a.currency, a.scale)} frozen`}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        !accounts.error && (
          <Card padded className="mb-6">
            <EmptyState title="No accounts yet">Accounts are created for every active currency.</EmptyState>
          </Card>
        )
      )}

      <Card
        title="Ledger"
        description="Every movement of your accounts, newest first. Settlements are paid orders."
        actions={
          <Field label="Currency" className="w-36">
            <Select value={currency ?? ""} onChange={(e) => setFilters({ currency: e.target.value })}>
              <option value="">All</option>
              {accounts.data?.map((a) => (
                <option key={a.currency} value={a.currency}>
                  {a.currency}
                </option>
              ))}
            </Select>
          </Field>
        }
      >
        <ErrorAlert error={ledger.error} className="mb-4" />
        <PagedList
          query={ledger}
          pager={pager}
          pageSize={PAGE_SIZE}
          noun="entries"
          loadingLabel="Loading ledger…"
          empty={
            <EmptyState title="No ledger entries yet">
              When a buyer pays an order, its settlement appears here.
            </EmptyState>
          }
        >
          {(items) => (
            <>
              <Table caption="Ledger entries">
                <thead>
                  <tr>
                    <Th>Date</Th>
                    <Th>Type</Th>
                    <Th>Reference</Th>
                    <Th align="right">Amount</Th>
                    <Th align="right">Available after</Th>
                  </tr>
                </thead>
                <TBody>
                  {items.map((l) => {
                    const kind = JOURNAL_LABELS[l.type] ?? { label: l.type, tone: "neutral" as BadgeTone };
                    const negative = l.amount.startsWith("-");
                    return (
                      <tr key={l.id} data-type={l.type}>
                        <Td className="whitespace-nowrap text-neutral-600">{formatDateTime(l.createdAt)}</Td>
                        <Td>
                          <Badge tone={kind.tone}>{kind.label}</Badge>
                          {l.bucket === "FROZEN" && <span className="ml-2 text-xs text-neutral-500">frozen</span>}
                        </Td>
                        <Td>
                          {l.orderId ? (
                            <Link href={`/orders/${l.orderId}`} className="text-indigo-700 hover:underline">
                              Order #{l.orderId}
                            </Link>
                          ) : l.withdrawalId ? (
                            `Withdrawal #${l.withdrawalId}`
                          ) : l.depositId ? (
                            `Deposit #${l.depositId}`
                          ) : (
                            "—"
                          )}
                        </Td>
                        <Td
                          align="right"
                          className={
                            negative
                              ? "whitespace-nowrap tabular-nums text-red-700"
                              : "whitespace-nowrap tabular-nums text-green-700"
                          }
                        >
                          {negative ? "" : "+"}
                          {money(l.amount, l.currency)}
                        </Td>
                        <Td align="right" className="whitespace-nowrap tabular-nums text-neutral-600">
                          {money(l.availableAfter, l.currency)}
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
