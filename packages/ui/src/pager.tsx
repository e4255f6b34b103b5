"use client";

import { useCallback, useMemo, useState } from "react";
import { Button } from "./button";
import { useUiText } from "./ui-text";

/**
 * Keyset (cursor) pagination state: the API returns `nextCursor`; going back pops the cursors
 * seen so far. Changing `resetKey` (filters, search) starts again at page 1.
 */
export function useCursorPager<C extends string | number>(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (C | null)[] }>({ key: resetKey, stack: [null] });
  const stack = useMemo(() => (state.key === resetKey ? state.stack : [null]), [state, resetKey]);
  const next = useCallback((cursor: C) => setState({ key: resetKey, stack: [...stack, cursor] }), [resetKey, stack]);
  const prev = useCallback(
    () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
    [resetKey, stack],
  );
  const reset = useCallback(() => setState({ key: resetKey, stack: [null] }), [resetKey]);
  return { cursor: stack.at(-1) ?? null, page: stack.length, next, prev, reset };
}

export interface PagerProps {
  page: number;
  pageSize: number;
  itemsOnPage: number;
  total?: number;
  nextCursor: string | number | null | undefined;
  onNext: () => void;
  onPrev: () => void;
  busy?: boolean;
  noun?: string;
}

export function Pager({ page, pageSize, itemsOnPage, total, nextCursor, onNext, onPrev, busy, noun }: PagerProps) {
  const text = useUiText();
  const what = noun ?? text.items;
  const first = itemsOnPage === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + itemsOnPage;
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;
  return (
    <nav
      aria-label={text.pagesOf(what)}
      className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 pt-3 text-sm text-zinc-600"
    >
      <p aria-live="polite">
        {itemsOnPage === 0 ? text.none(what) : text.range(first, last)}
        {total !== undefined && itemsOnPage > 0 && text.ofTotal(total, what)}
        {pages !== undefined ? text.pageOf(page, pages) : text.page(page)}
      </p>
      <div className="flex gap-2">
        <Button variant="outline" size="sm" onClick={onPrev} disabled={page <= 1 || busy}>
          <span aria-hidden="true">←</span> {text.previous}
        </Button>
        <Button variant="outline" size="sm" onClick={onNext} disabled={!nextCursor || busy}>
          {text.next} <span aria-hidden="true">→</span>
        </Button>
      </div>
    </nav>
  );
}
