import { useTranslations } from "next-intl";

export function HeaderSearch({ id = "header-search" }: { id?: string }) {
  const t = useTranslations("header");
  return (
    <form action="/" method="get" role="search" className="relative max-w-md">
      <label htmlFor={id} className="sr-only">
        {t("searchLabel")}
      </label>
      <svg
        viewBox="0 0 24 24"
        className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-500"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <circle cx="11" cy="11" r="7" />
        <path d="m20 20-3.5-3.5" strokeLinecap="round" />
      </svg>
      <input
        id={id}
        name="q"
        type="search"
        placeholder={t("searchPlaceholder")}
        className="h-10 w-full rounded-lg border border-zinc-300 bg-zinc-50 pr-3 pl-9 text-sm placeholder:text-zinc-500 focus:border-indigo-600 focus:bg-white focus:outline-2 focus:-outline-offset-1 focus:outline-indigo-600"
      />
    </form>
  );
}
