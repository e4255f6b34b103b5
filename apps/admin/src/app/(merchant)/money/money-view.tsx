"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import {
  Badge,
  Card,
  EmptyState,
  ErrorAlert,
  FilterBar,
  Loading,
  PagedList,
  PageHeader,
  Table,
  Td,
  type BadgeTone,
  useCursorPager,
} from "@trade/ui";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useUrlState } from "~/lib/use-url-state";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 25;

const JOURNAL_LABELS = {
  ORDER_SETTLE: { label: "typeORDER_SETTLE", tone: "success" },
  ORDER_HOLD: { label: "typeORDER_HOLD", tone: "warning" },
  ORDER_RELEASE: { label: "typeORDER_RELEASE", tone: "neutral" },
  DEPOSIT: { label: "typeDEPOSIT", tone: "info" },
  WITHDRAW_HOLD: { label: "typeWITHDRAW_HOLD", tone: "warning" },
  WITHDRAW_COMPLETE: { label: "typeWITHDRAW_COMPLETE", tone: "brand" },
  WITHDRAW_RELEASE: { label: "typeWITHDRAW_RELEASE", tone: "neutral" },
} as const satisfies Record<string, { label: string; tone: BadgeTone }>;
const journalKind = (type: string) =>
  Object.hasOwn(JOURNAL_LABELS, type) ? JOURNAL_LABELS[type as keyof typeof JOURNAL_LABELS] : null;

export function MoneyView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(["currency"] as const);
  const t = useTranslations("money");
  const filterText = useTranslations("filters");
  const { formatDateTime, money } = useFormat();
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
      <PageHeader title={t("title")} description={t("description")} />
      <ErrorAlert error={accounts.error} className="mb-4" />
      {accounts.isPending ? (
        <Loading label={t("loadingAccounts")} />
      ) : accounts.data && accounts.data.length > 0 ? (
        <ul className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t("accounts")}>
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
                  {currency === a.currency ? t("showAll") : t("ledgerLink")}
                </button>
              </div>
              <p className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">
                {money(a.available, a.currency, a.scale)}
              </p>
              <p className="text-xs text-neutral-500">
                {t("available")}
                {!/^0(\.0*)?$/.test(a.frozen) && t("frozenSuffix", { amount: money(a.frozen, a.currency, a.scale) })}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        !accounts.error && (
          <Card padded className="mb-6">
            <EmptyState title={t("noAccounts")}>{t("noAccountsBody")}</EmptyState>
          </Card>
        )
      )}

      <Card title={t("ledger")} description={t("ledgerDescription")}>
        <FilterBar
          label={t("filterForm")}
          selects={[
            {
              label: t("currency"),
              value: currency ?? "",
              onChange: (value) => setFilters({ currency: value }),
              allLabel: t("all"),
              options: (accounts.data ?? []).map((a) => ({ value: a.currency, label: a.currency })),
            },
          ]}
          resetLabel={filterText("reset")}
          onReset={() => setFilters({ currency: "" })}
          active={currency !== undefined}
        />
        <ErrorAlert error={ledger.error} className="mb-4" />
        <PagedList
          query={ledger}
          pager={pager}
          pageSize={PAGE_SIZE}
          noun={t("entries")}
          loadingLabel={t("loadingLedger")}
          empty={<EmptyState title={t("noEntries")}>{t("noEntriesBody")}</EmptyState>}
        >
          {(items) => (
            <Table
              caption={t("caption")}
              columns={[
                t("date"),
                t("type"),
                t("reference"),
                { label: t("amount"), align: "right" },
                { label: t("availableAfter"), align: "right" },
              ]}
            >
              {items.map((l) => {
                const known = journalKind(l.type);
                const kind = known
                  ? { label: t(known.label), tone: known.tone }
                  : { label: l.type, tone: "neutral" as const };
                const negative = l.amount.startsWith("-");
                return (
                  <tr key={l.id} data-type={l.type}>
                    <Td className="whitespace-nowrap text-neutral-600">{formatDateTime(l.createdAt)}</Td>
                    <Td>
                      <Badge tone={kind.tone}>{kind.label}</Badge>
                      {l.bucket === "FROZEN" && <span className="ml-2 text-xs text-neutral-500">{t("frozen")}</span>}
                    </Td>
                    <Td>
                      {l.orderId ? (
                        <Link href={`/orders/${l.orderId}`} className="text-indigo-700 hover:underline">
                          {t("orderRef", { id: String(l.orderId) })}
                        </Link>
                      ) : l.withdrawalId ? (
                        t("withdrawalRef", { id: String(l.withdrawalId) })
                      ) : l.depositId ? (
                        t("depositRef", { id: String(l.depositId) })
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
            </Table>
          )}
        </PagedList>
      </Card>
    </>
  );
}
