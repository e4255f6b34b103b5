"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { cn } from "./cn";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, localeNames, localeShortNames, locales, type Locale } from "./locale";

/** Not HttpOnly on purpose: the cookie holds no secret and the browser is the one choosing it. */
function rememberLocale(locale: Locale): void {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax`;
}

/**
 * The header's language choice: one button per language (a group of toggle buttons, so Tab
 * reaches it and Enter/Space picks), each named in its own language. The choice goes into a
 * cookie the server reads on every request (src/i18n/request.ts in each app), then the page
 * re-renders on the server in the new language; nothing is lost from the client's caches.
 */
export function LanguageSwitcher({
  current,
  label,
  className,
}: {
  current: Locale;
  /** The group's accessible name ("Language" / "语言"), in the page's language. */
  label: string;
  className?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function choose(locale: Locale) {
    if (locale === current) return;
    rememberLocale(locale);
    startTransition(() => router.refresh());
  }
  return (
    <div
      role="group"
      aria-label={label}
      aria-busy={pending || undefined}
      className={cn("inline-flex items-center rounded-lg border border-zinc-200 bg-white p-0.5 text-xs", className)}
      data-testid="language-switcher"
    >
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          onClick={() => choose(locale)}
          className={cn(
            "rounded-md px-2 py-1 font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600",
            locale === current ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-100",
          )}
        >
          <span className="sm:hidden">{localeShortNames[locale]}</span>
          <span className="hidden sm:inline">{localeNames[locale]}</span>
        </button>
      ))}
    </div>
  );
}
