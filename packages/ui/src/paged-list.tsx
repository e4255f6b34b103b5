"use client";

import type { ReactNode } from "react";
import { Pager } from "./pager";
import { Loading } from "./spinner";

/** The parts of a TanStack query result the list needs (any keyset-paged procedure's output). */
export interface PagedQuery<T, C> {
  isPending: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  data?: { items: T[]; nextCursor?: C | null; total?: number } | undefined;
}

/**
 * One page of a keyset-paged list: a loading state, the empty state, the rows (dimmed while the
 * next page loads over the previous one) and the pager under them. The caller renders the rows
 * (usually a <Table>) and shows its own error alert above: errors need the app's wording.
 */
export function PagedList<T, C extends string | number>({
  query,
  pager,
  pageSize,
  noun,
  loadingLabel,
  empty,
  children,
}: {
  query: PagedQuery<T, C>;
  pager: { page: number; next: (cursor: C) => void; prev: () => void };
  pageSize: number;
  noun: string;
  loadingLabel?: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const data = query.data;
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (!data || data.items.length === 0) return <>{empty}</>;
  const nextCursor = data.nextCursor;
  return (
    <div className={query.isPlaceholderData ? "opacity-60 transition-opacity" : undefined} aria-busy={query.isFetching}>
      {children(data.items)}
      <div className="mt-3">
        <Pager
          page={pager.page}
          pageSize={pageSize}
          itemsOnPage={data.items.length}
          total={data.total}
          nextCursor={nextCursor}
          onNext={() => {
            if (nextCursor != null) pager.next(nextCursor);
          }}
          onPrev={pager.prev}
          busy={query.isFetching}
          noun={noun}
        />
      </div>
    </div>
  );
}
