"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import {
  Badge,
  Card,
  EmptyState,
  ErrorAlert,
  Field,
  Loading,
  PageHeader,
  Pager,
  Select,
  TBody,
  Table,
  Td,
  Th,
  useCursorPager,
  type Tone,
} from "~/components/ui";
import { formatDateTime, money } from "~/lib/format";
import { useUrlState } from "~/lib/use-url-state";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 25;

const JOURNAL_LABELS: Record<string, { label: string; tone: Tone }> = {
  ORDER_SETTLE: { label: "Settlement", tone: "green" },
  ORDER_HOLD: { label: "Order hold", tone: "yellow" },
  ORDER_RELEASE: { label: "Hold released", tone: "neutral" },
  DEPOSIT: { label: "Deposit", tone: "blue" },
  WITHDRAW_HOLD: { label: "Withdrawal hold", tone: "yellow" },
  WITHDRAW_COMPLETE: { label: "Withdrawal", tone: "indigo" },
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
  const lines = ledger.data;

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
          <Card className="mb-6">
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
        {ledger.isPending ? (
          <Loading label="Loading ledger…" />
        ) : !lines || lines.items.length === 0 ? (
          <EmptyState title="No ledger entries yet">
            When a buyer pays an order, its settlement appears here.
          </EmptyState>
        ) : (
          <div className={ledger.isPlaceholderData ? "opacity-60" : undefined} aria-busy={ledger.isFetching}>
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
                {lines.items.map((l) => {
                  const kind = JOURNAL_LABELS[l.type] ?? { label: l.type, tone: "neutral" as Tone };
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
            <div className="mt-3">
              <Pager
                page={pager.page}
                pageSize={PAGE_SIZE}
                itemsOnPage={lines.items.length}
                nextCursor={lines.nextCursor}
                onNext={() => lines.nextCursor && pager.next(lines.nextCursor)}
                onPrev={pager.prev}
                busy={ledger.isFetching}
                noun="entries"
              />
            </div>
          </div>
        )}
      </Card>
    </>
  );
}
