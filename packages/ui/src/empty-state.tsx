import type { ReactNode } from "react";

/** A friendly "nothing here" panel. Use `as="h1"` when it is the whole page (not-found pages). */
export function EmptyState({
  title,
  children,
  action,
  icon,
  as: Heading = "h2",
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  as?: "h1" | "h2";
}) {
  return (
    <div className="flex flex-col items-center rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      {icon && <div className="mb-4 text-zinc-400">{icon}</div>}
      <Heading className="text-lg font-semibold text-zinc-900">{title}</Heading>
      {children && <div className="mt-1 max-w-md text-sm text-zinc-600">{children}</div>}
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}

/**
 * The empty state of a list with filters: with filters on, "nothing matches" and no action (the
 * action, e.g. "Add the first one", is for an empty list, not for a search that found nothing).
 */
export function FilteredEmptyState({
  filtered,
  none,
  noMatch,
  action,
}: {
  filtered: boolean;
  none: { title: ReactNode; body: ReactNode };
  noMatch: { title: ReactNode; body: ReactNode };
  action?: ReactNode;
}) {
  const shown = filtered ? noMatch : none;
  return (
    <EmptyState title={shown.title} action={!filtered && action}>
      {shown.body}
    </EmptyState>
  );
}
