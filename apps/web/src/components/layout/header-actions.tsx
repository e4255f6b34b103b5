"use client";

import { useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { ButtonLink, cn } from "@trade/ui";
import { Money } from "~/lib/money";
import { useTRPC } from "~/trpc/react";
import { HeaderSearch } from "./header-search";
import { CartIcon } from "./cart-icon";

interface HeaderUser {
  name: string;
  email: string;
}

export function HeaderActions({ user }: { user: HeaderUser | null }) {
  // The menu is open only on the page it was opened on: navigating closes it, with no effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const pathname = usePathname();
  const menuOpen = openOn === pathname;
  const t = useTranslations("header");
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpenOn(null);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  if (!user) {
    return (
      <div className="ml-auto flex items-center gap-2">
        <ButtonLink href="/login" variant="ghost" size="sm">
          {t("signIn")}
        </ButtonLink>
        <ButtonLink href="/register" size="sm">
          {t("createAccount")}
        </ButtonLink>
      </div>
    );
  }

  return (
    <div className="ml-auto flex items-center gap-1 sm:gap-2">
      <WalletSummary className="hidden sm:flex" />
      <NavLink href="/orders" className="hidden md:inline-flex">
        {t("orders")}
      </NavLink>
      <CartLink />
      <UserMenu user={user} className="hidden md:block" />
      <button
        type="button"
        className="inline-flex size-10 items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100 md:hidden"
        aria-expanded={menuOpen}
        aria-controls="mobile-menu"
        onClick={() => setOpenOn(menuOpen ? null : pathname)}
      >
        <span className="sr-only">{menuOpen ? t("closeMenu") : t("openMenu")}</span>
        <svg
          viewBox="0 0 24 24"
          className="size-6"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          aria-hidden="true"
        >
          {menuOpen ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
        </svg>
      </button>
      {menuOpen && (
        <div
          id="mobile-menu"
          className="absolute inset-x-0 top-16 border-b border-zinc-200 bg-white shadow-lg md:hidden"
        >
          <div className="space-y-4 px-4 py-4">
            <HeaderSearch id="mobile-search" />
            <WalletSummary className="flex" />
            <nav aria-label={t("accountNav")} className="grid gap-1 text-sm font-medium">
              <MobileLink href="/">{t("shop")}</MobileLink>
              <MobileLink href="/cart">{t("cart")}</MobileLink>
              <MobileLink href="/orders">{t("orders")}</MobileLink>
              <MobileLink href="/wallet">{t("wallet")}</MobileLink>
              <MobileLink href="/account">{t("accountAndTokens")}</MobileLink>
              <button
                type="button"
                className="rounded-lg px-3 py-2.5 text-left text-zinc-700 hover:bg-zinc-100"
                onClick={() => void signOut({ callbackUrl: "/" })}
              >
                {t("signOut")}
              </button>
            </nav>
            <p className="px-3 text-xs text-zinc-600">{t("signedInAs", { email: user.email })}</p>
          </div>
        </div>
      )}
    </div>
  );
}

function NavLink({ href, children, className }: { href: string; children: React.ReactNode; className?: string }) {
  const pathname = usePathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "h-10 items-center rounded-lg px-3 text-sm font-medium hover:bg-zinc-100",
        active ? "text-indigo-700" : "text-zinc-700",
        className,
      )}
    >
      {children}
    </Link>
  );
}

function MobileLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="rounded-lg px-3 py-2.5 text-zinc-800 hover:bg-zinc-100">
      {children}
    </Link>
  );
}

function CartLink() {
  const trpc = useTRPC();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const count = cart.data?.count ?? 0;
  const t = useTranslations("header");
  return (
    <Link
      href="/cart"
      className="relative inline-flex size-10 items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100"
      aria-label={t("cartLabel", { count })}
    >
      <CartIcon className="size-6" strokeWidth={1.8} />
      <span
        data-testid="cart-count"
        aria-hidden="true"
        className={cn(
          "absolute -top-0.5 -right-0.5 grid h-5 min-w-5 place-items-center rounded-full px-1 text-[11px] font-semibold tabular",
          count > 0 ? "bg-indigo-600 text-white" : "bg-zinc-200 text-zinc-700",
        )}
      >
        {count > 99 ? "99+" : count}
      </span>
    </Link>
  );
}

function WalletSummary({ className }: { className?: string }) {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.wallet.accounts.queryOptions());
  const funded = (accounts.data ?? []).filter((a) => !/^0(\.0+)?$/.test(a.total));
  const shown = funded.slice(0, 2);
  const t = useTranslations("header");
  return (
    <Link
      href="/wallet"
      data-testid="wallet-summary"
      className={cn(
        "h-10 items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 px-3 text-sm text-zinc-800 hover:bg-zinc-100",
        className,
      )}
    >
      <svg
        viewBox="0 0 24 24"
        className="size-4 shrink-0 text-zinc-500"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <rect x="3" y="6" width="18" height="13" rx="2" />
        <path d="M16 12.5h2M3 10h18" />
      </svg>
      <span className="sr-only">{t("walletPrefix")}</span>
      {accounts.isPending ? (
        <span className="h-3 w-16 animate-pulse rounded bg-zinc-200" aria-hidden="true" />
      ) : shown.length === 0 ? (
        <span>{t("wallet")}</span>
      ) : (
        shown.map((a, i) => (
          <span key={a.currency} className="flex items-center gap-2">
            {i > 0 && (
              <span aria-hidden="true" className="text-zinc-300">
                |
              </span>
            )}
            <Money amount={a.available} currency={a.currency} scale={a.scale} className="font-medium" />
          </span>
        ))
      )}
      {funded.length > shown.length && (
        <span className="text-xs text-zinc-600">
          +{funded.length - shown.length}
          <span className="sr-only">{t("moreCurrencies")}</span>
        </span>
      )}
    </Link>
  );
}

function UserMenu({ user, className }: { user: HeaderUser; className?: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  const initial = (user.name || user.email).slice(0, 1).toUpperCase();
  const t = useTranslations("header");
  return (
    <div ref={ref} className={cn("relative", className)}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="user-menu"
        onClick={() => setOpen((v) => !v)}
        className="flex h-10 items-center gap-2 rounded-lg px-2 text-sm font-medium text-zinc-800 hover:bg-zinc-100"
      >
        <span
          aria-hidden="true"
          className="grid size-7 place-items-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700"
        >
          {initial}
        </span>
        <span className="max-w-32 truncate">{user.name || user.email}</span>
        <svg viewBox="0 0 20 20" className="size-4 text-zinc-500" fill="currentColor" aria-hidden="true">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4z" />
        </svg>
      </button>
      {open && (
        <div
          id="user-menu"
          className="absolute right-0 mt-2 w-60 overflow-hidden rounded-xl border border-zinc-200 bg-white py-1 text-sm shadow-lg"
        >
          <p className="truncate border-b border-zinc-100 px-4 py-2 text-xs text-zinc-600">{user.email}</p>
          <MenuLink href="/orders" onNavigate={() => setOpen(false)}>
            {t("orders")}
          </MenuLink>
          <MenuLink href="/wallet" onNavigate={() => setOpen(false)}>
            {t("wallet")}
          </MenuLink>
          <MenuLink href="/account" onNavigate={() => setOpen(false)}>
            {t("accountAndTokens")}
          </MenuLink>
          <button
            type="button"
            className="block w-full px-4 py-2 text-left text-zinc-800 hover:bg-zinc-50"
            onClick={() => void signOut({ callbackUrl: "/" })}
          >
            {t("signOut")}
          </button>
        </div>
      )}
    </div>
  );
}

function MenuLink({ href, children, onNavigate }: { href: string; children: React.ReactNode; onNavigate: () => void }) {
  return (
    <Link href={href} onClick={onNavigate} className="block px-4 py-2 text-zinc-800 hover:bg-zinc-50">
      {children}
    </Link>
  );
}
