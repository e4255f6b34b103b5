"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, cn, EmptyState, ErrorAlert, PagedList, PageHeader, useCursorPager, useToast } from "@trade/ui";
import { LocalizedStatus } from "~/components/localized-status";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useUrlState } from "~/lib/use-url-state";
import type { AlertStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 20;
const TABS = [
  { value: "OPEN", label: "tabOPEN" },
  { value: "ACKNOWLEDGED", label: "tabACKNOWLEDGED" },
  { value: "RESOLVED", label: "tabRESOLVED" },
  { value: "ALL", label: "tabALL" },
] as const;
// The alert moves each button offers, and the states it is offered in (RESOLVED is final).
const ALERT_ACTIONS: readonly {
  status: Exclude<AlertStatus, "OPEN">;
  label: "acknowledge" | "resolve";
  from: readonly AlertStatus[];
}[] = [
  { status: "ACKNOWLEDGED", label: "acknowledge", from: ["OPEN"] },
  { status: "RESOLVED", label: "resolve", from: ["OPEN", "ACKNOWLEDGED"] },
];

export function AlertsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [filters, setFilters] = useUrlState(["status"] as const);
  const t = useTranslations("alerts");
  const { formatDateTime, relativeTime } = useFormat();
  const tab = TABS.some((x) => x.value === filters.status) ? filters.status : "OPEN";
  const status = tab === "ALL" ? undefined : (tab as AlertStatus);
  const pager = useCursorPager<number>(tab);
  const alerts = useQuery(
    trpc.ops.alerts.list.queryOptions(
      { status, cursor: pager.cursor, limit: PAGE_SIZE },
      { placeholderData: keepPreviousData, refetchInterval: 15_000 },
    ),
  );

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ops.pathKey() });
  const setAlertStatus = useMutation(
    trpc.ops.alerts.setStatus.mutationOptions({
      onSuccess: async (result) => {
        await refresh();
        toast(
          result.status === "RESOLVED"
            ? t("resolvedToast", { id: String(result.id) })
            : t("acknowledgedToast", { id: String(result.id) }),
        );
      },
    }),
  );
  const setUserStatus = useMutation(
    trpc.ops.users.setStatus.mutationOptions({
      onSuccess: async (result, input) => {
        await refresh();
        toast(
          result.status === "FROZEN"
            ? t("frozenToast", { id: String(input.userId) })
            : t("unfrozenToast", { id: String(input.userId) }),
        );
      },
    }),
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div
        role="group"
        aria-label={t("byStatus")}
        className="mb-4 flex flex-wrap gap-1 rounded-lg bg-neutral-200/60 p-1 sm:inline-flex"
      >
        {TABS.map((x) => (
          <button
            key={x.value}
            type="button"
            aria-pressed={tab === x.value}
            onClick={() => setFilters({ status: x.value === "OPEN" ? "" : x.value })}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
              tab === x.value ? "bg-white text-neutral-900 shadow-xs" : "text-neutral-600 hover:text-neutral-900",
            )}
          >
            {t(x.label)}
          </button>
        ))}
      </div>
      <ErrorAlert error={alerts.error} className="mb-4" />
      <ErrorAlert error={setAlertStatus.error ?? setUserStatus.error} className="mb-4" />
      <PagedList
        query={alerts}
        pager={pager}
        pageSize={PAGE_SIZE}
        noun={t("noun")}
        empty={
          <Card padded>
            <EmptyState title={tab === "OPEN" ? t("noOpen") : t("noneHere")}>
              {tab === "OPEN" ? t("allClear") : t("tryAnotherTab")}
            </EmptyState>
          </Card>
        }
      >
        {(items) => (
          <>
            <ul className="space-y-3" aria-label={t("list")}>
              {items.map((a) => {
                const user = a.user;
                return (
                  <li
                    key={a.id}
                    data-alert={a.id}
                    className={cn(
                      "rounded-lg border-l-4 bg-white p-4 shadow-xs ring-1 ring-neutral-200",
                      a.severity === "CRITICAL"
                        ? "border-l-red-600"
                        : a.severity === "WARNING"
                          ? "border-l-amber-500"
                          : "border-l-sky-500",
                    )}
                  >
                    <div className="flex flex-wrap items-start justify-between gap-3">
                      <div className="min-w-0 space-y-1">
                        <div className="flex flex-wrap items-center gap-2">
                          <LocalizedStatus status={a.severity} />
                          <span className="font-mono text-xs text-neutral-600">{a.rule}</span>
                          <LocalizedStatus status={a.status} />
                          <span className="text-xs text-neutral-500" title={formatDateTime(a.createdAt)}>
                            #{a.id} · {relativeTime(a.createdAt)}
                          </span>
                        </div>
                        <p className="text-sm font-medium text-neutral-900">{a.message}</p>
                        {a.user && (
                          <p className="text-sm text-neutral-600">
                            {t("user", { id: String(a.user.id), name: a.user.name, email: a.user.email })}{" "}
                            <LocalizedStatus status={a.user.status} />
                          </p>
                        )}
                        {a.resolvedAt && (
                          <p className="text-xs text-neutral-500">
                            {t("resolvedAt", { when: formatDateTime(a.resolvedAt) })}
                          </p>
                        )}
                      </div>
                      <div className="flex flex-wrap gap-2">
                        {ALERT_ACTIONS.filter((x) => x.from.includes(a.status)).map((x) => (
                          <Button
                            key={x.status}
                            size="sm"
                            variant="outline"
                            loading={
                              setAlertStatus.isPending &&
                              setAlertStatus.variables?.alertId === a.id &&
                              setAlertStatus.variables.status === x.status
                            }
                            onClick={() => setAlertStatus.mutate({ alertId: a.id, status: x.status })}
                          >
                            {t(x.label)}
                          </Button>
                        ))}
                        {user && (
                          <Button
                            size="sm"
                            variant={user.status === "FROZEN" ? "outline" : "danger"}
                            loading={setUserStatus.isPending && setUserStatus.variables?.userId === user.id}
                            onClick={() =>
                              setUserStatus.mutate({
                                userId: user.id,
                                status: user.status === "FROZEN" ? "ACTIVE" : "FROZEN",
                              })
                            }
                          >
                            {user.status === "FROZEN" ? t("unfreeze") : t("freeze")}
                          </Button>
                        )}
                      </div>
                    </div>
                    <Details details={a.details} />
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </PagedList>
    </>
  );
}

/** The rule's evidence (rows, amounts, thresholds) as raised by the job. */
function Details({ details }: { details: unknown }) {
  const t = useTranslations("alerts");
  if (!details || (typeof details === "object" && Object.keys(details).length === 0)) return null;
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer rounded text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
        {t("details")}
      </summary>
      <pre className="mt-2 max-h-72 overflow-auto rounded-md bg-neutral-900 p-3 text-xs text-neutral-100">
        {JSON.stringify(details, null, 2)}
      </pre>
    </details>
  );
}
