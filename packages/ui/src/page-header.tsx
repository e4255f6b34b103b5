import Link from "next/link";
import type { ReactNode } from "react";

/** The page's h1 with its description, actions and an optional back link above it (to the list a detail page belongs to). */
export function PageHeader({
  title,
  description,
  actions,
  back,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  back?: { href: string; label: ReactNode };
}) {
  return (
    <div className="mb-6">
      {back && (
        <div className="mb-2 text-sm">
          <Link href={back.href} className="text-indigo-700 hover:underline">
            {back.label}
          </Link>
        </div>
      )}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">{title}</h1>
          {description && <p className="mt-1 text-sm text-zinc-600">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
    </div>
  );
}
