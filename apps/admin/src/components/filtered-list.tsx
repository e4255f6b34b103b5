"use client";

import { ErrorAlert, FilteredEmptyState, PagedList, type PagedQuery } from "@trade/ui";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** The merchant's filterable lists; each namespace has the same six list messages. */
type ListNamespace = "orders" | "products" | "skus";

/**
 * A filterable, paged list of the merchant's own objects: the query's error, then its rows
 * under a pager, with the empty state that tells "nothing yet" (and the first step, `action`)
 * from "nothing matches these filters". The wording comes from the screen's namespace.
 */
export function FilteredList<T, C extends string | number>({
  namespace,
  query,
  pager,
  pageSize,
  filtered,
  action,
  children,
}: {
  namespace: ListNamespace;
  query: PagedQuery<T, C> & { error: unknown };
  pager: { page: number; next: (cursor: C) => void; prev: () => void };
  pageSize: number;
  filtered: boolean;
  action?: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const t = useTranslations(namespace);
  return (
    <>
      <ErrorAlert error={query.error} className="mb-4" />
      <PagedList
        query={query}
        pager={pager}
        pageSize={pageSize}
        noun={t("noun")}
        loadingLabel={t("loading")}
        empty={
          <FilteredEmptyState
            filtered={filtered}
            none={{ title: t("none"), body: t("noneBody") }}
            noMatch={{ title: t("noMatch"), body: t("noMatchBody") }}
            action={action}
          />
        }
      >
        {children}
      </PagedList>
    </>
  );
}
