"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { Field, Input, Select } from "./field";
import { searchDraft, shownText, typed } from "./search-draft";

export interface FilterSearch {
  label: string;
  /** The committed search (the URL's `q`, a parent's state). */
  value: string;
  /** Called with the trimmed text: after a pause in typing, or at once on Enter / the submit button. */
  onSearch: (value: string) => void;
  placeholder?: string;
  maxLength?: number;
  /** How long typing must pause before the search runs; 300 ms unless told. */
  delayMs?: number;
}

export interface FilterSelect {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  /** The first option, value "": no filter. */
  allLabel?: string;
}

/**
 * The filter row above a list: a search box, selects and any other fields (`children`, each a
 * <Field>), then the search and reset buttons. Filters apply as they change, so the buttons are
 * for keyboards and phones: Enter (or the phone keyboard's search key) searches without waiting,
 * and reset clears every filter. One column on a phone, one row from `sm` up.
 */
export function FilterBar({
  label,
  search,
  selects = [],
  children,
  submitLabel,
  resetLabel,
  onReset,
  active,
  className,
}: {
  /** The accessible name of the search landmark ("Filter orders"). */
  label: string;
  search?: FilterSearch;
  selects?: readonly FilterSelect[];
  children?: ReactNode;
  /** Shown with a search box. */
  submitLabel?: string;
  resetLabel: string;
  onReset: () => void;
  /** Whether any filter is set (reset is disabled otherwise). */
  active: boolean;
  className?: string;
}) {
  const value = search?.value ?? "";
  const [draft, setDraft] = useState(() => searchDraft(value));
  const text = shownText(draft, value);
  const timer = useRef<number | undefined>(undefined);
  // The latest callback, for a timer set by an earlier render (filters changed meanwhile).
  const onSearch = useRef(search?.onSearch);
  useEffect(() => {
    onSearch.current = search?.onSearch;
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const commit = (typedText: string) => {
    window.clearTimeout(timer.current);
    const trimmed = typedText.trim();
    setDraft((d) => ({ ...d, sent: trimmed }));
    onSearch.current?.(trimmed);
  };
  const change = (next: string) => {
    setDraft(typed(value, next));
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => commit(next), search?.delayMs ?? 300);
  };

  return (
    <form
      role="search"
      aria-label={label}
      noValidate
      className={cn("mb-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end", className)}
      onSubmit={(e) => {
        e.preventDefault();
        if (search) commit(text);
      }}
      onReset={(e) => {
        // The inputs are controlled: clear the state, not the DOM's defaults.
        e.preventDefault();
        window.clearTimeout(timer.current);
        setDraft(searchDraft(""));
        onReset();
      }}
    >
      {search && (
        <Field label={search.label} className="sm:min-w-56 sm:flex-1">
          <Input
            type="search"
            name="q"
            enterKeyHint="search"
            value={text}
            onChange={(e) => change(e.target.value)}
            placeholder={search.placeholder}
            maxLength={search.maxLength}
            autoComplete="off"
          />
        </Field>
      )}
      {selects.map((s) => (
        <Field key={s.label} label={s.label} className="sm:w-44">
          <Select value={s.value} onChange={(e) => s.onChange(e.target.value)}>
            {s.allLabel !== undefined && <option value="">{s.allLabel}</option>}
            {s.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
      ))}
      {children}
      <div className="flex gap-2">
        {search && submitLabel && (
          <Button type="submit" variant="outline" className="flex-1 sm:flex-none">
            {submitLabel}
          </Button>
        )}
        <Button type="reset" variant="ghost" disabled={!active} className="flex-1 sm:flex-none">
          {resetLabel}
        </Button>
      </div>
    </form>
  );
}
