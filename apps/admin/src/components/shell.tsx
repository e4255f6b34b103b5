"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { cn, LanguageSwitcher } from "@trade/ui";
import { BASE_PATH } from "~/trpc/react";

type NavLabel =
  | "navDashboard"
  | "navProducts"
  | "navImport"
  | "navOrders"
  | "navMoney"
  | "navCurrencies"
  | "navWithdrawals"
  | "navAlerts";

export interface NavItem {
  href: string;
  /** The label's key in the "shell" messages. */
  label: NavLabel;
}

export const MERCHANT_NAV: NavItem[] = [
  { href: "/dashboard", label: "navDashboard" },
  { href: "/products", label: "navProducts" },
  { href: "/products/import", label: "navImport" },
  { href: "/orders", label: "navOrders" },
  { href: "/money", label: "navMoney" },
];

export const OPERATOR_NAV: NavItem[] = [
  { href: "/ops/currencies", label: "navCurrencies" },
  { href: "/ops/withdrawals", label: "navWithdrawals" },
  { href: "/ops/alerts", label: "navAlerts" },
];

/** The longest nav href that prefixes the path is the current page ("/products/12" -> Products). */
function activeHref(pathname: string, items: NavItem[]): string | undefined {
  return items
    .filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

export function Shell({
  role,
  user,
  children,
}: {
  role: "MERCHANT" | "OPERATOR";
  user: { name: string; email: string };
  children: ReactNode;
}) {
  const items = role === "OPERATOR" ? OPERATOR_NAV : MERCHANT_NAV;
  const pathname = usePathname();
  const current = activeHref(pathname, items);
  // The menu is open only on the page it was opened on: navigating closes it, with no effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === pathname;
  const t = useTranslations("shell");
  const locale = useLocale();

  const links = (
    <ul className="flex flex-col gap-1 md:flex-row md:items-center md:gap-1">
      {items.map((item) => (
        <li key={item.href}>
          <Link
            href={item.href}
            aria-current={item.href === current ? "page" : undefined}
            className={cn(
              "block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white",
              item.href === current
                ? "bg-neutral-800 text-white"
                : "text-neutral-300 hover:bg-neutral-800 hover:text-white",
            )}
          >
            {t(item.label)}
          </Link>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm"
      >
        {t("skipToContent")}
      </a>
      <header className="bg-neutral-900 text-white">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <div className="flex items-center gap-6">
            <Link
              href={role === "OPERATOR" ? "/ops/currencies" : "/dashboard"}
              className="flex items-center gap-2 font-semibold tracking-tight"
            >
              <span aria-hidden="true" className="grid size-7 place-items-center rounded bg-indigo-500 text-sm">
                T
              </span>
              <span>{role === "OPERATOR" ? t("operations") : t("merchant")}</span>
            </Link>
            <nav aria-label={t("mainNav")} className="hidden md:block">
              {links}
            </nav>
          </div>
          <div className="flex items-center gap-3">
            <LanguageSwitcher current={locale} label={t("language")} className="text-neutral-900" />
            <div className="hidden text-right text-xs leading-tight sm:block">
              <p className="font-medium text-white">{user.name}</p>
              <p className="text-neutral-400">{user.email}</p>
            </div>
            <button
              type="button"
              onClick={() => void signOut({ callbackUrl: `${BASE_PATH}/login` })}
              className="hidden rounded-md px-3 py-2 text-sm text-neutral-300 ring-1 ring-neutral-700 hover:bg-neutral-800 hover:text-white focus-visible:outline-2 focus-visible:outline-white md:block"
            >
              {t("signOut")}
            </button>
            <button
              type="button"
              className="rounded-md p-2 text-neutral-300 ring-1 ring-neutral-700 hover:bg-neutral-800 focus-visible:outline-2 focus-visible:outline-white md:hidden"
              aria-expanded={menuOpen}
              aria-controls="mobile-nav"
              onClick={() => setOpenOn(menuOpen ? null : pathname)}
            >
              <span className="sr-only">{menuOpen ? t("closeMenu") : t("openMenu")}</span>
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
                {menuOpen ? (
                  <path d="M5.3 4.3a1 1 0 0 1 1.4 0L10 7.6l3.3-3.3a1 1 0 1 1 1.4 1.4L11.4 9l3.3 3.3a1 1 0 0 1-1.4 1.4L10 10.4l-3.3 3.3a1 1 0 0 1-1.4-1.4L8.6 9 5.3 5.7a1 1 0 0 1 0-1.4Z" />
                ) : (
                  <path d="M3 5h14a1 1 0 1 0 0-2H3a1 1 0 0 0 0 2Zm14 4H3a1 1 0 0 0 0 2h14a1 1 0 1 0 0-2Zm0 6H3a1 1 0 1 0 0 2h14a1 1 0 1 0 0-2Z" />
                )}
              </svg>
            </button>
          </div>
        </div>
        {menuOpen && (
          <nav id="mobile-nav" aria-label={t("mainNav")} className="border-t border-neutral-800 px-4 py-3 md:hidden">
            {links}
            <div className="mt-3 border-t border-neutral-800 pt-3 text-sm">
              <p className="text-neutral-300">{user.email}</p>
              <button
                type="button"
                onClick={() => void signOut({ callbackUrl: `${BASE_PATH}/login` })}
                className="mt-2 rounded-md px-3 py-2 text-neutral-300 ring-1 ring-neutral-700 hover:bg-neutral-800"
              >
                {t("signOut")}
              </button>
            </div>
          </nav>
        )}
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
