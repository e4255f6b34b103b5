import type { Session } from "next-auth";
import { useLocale, useTranslations } from "next-intl";
import { LanguageSwitcher } from "@trade/ui";
import { HeaderActions } from "./header-actions";
import { HeaderSearch } from "./header-search";
import { Logo } from "./logo";

export function SiteHeader({ user }: { user: Session["user"] | null }) {
  const locale = useLocale();
  const t = useTranslations("layout");
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/95 backdrop-blur supports-[backdrop-filter]:bg-white/80">
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
        <Logo />
        <div className="hidden flex-1 md:block">
          <HeaderSearch />
        </div>
        <HeaderActions user={user ? { name: user.name, email: user.email } : null} />
        <LanguageSwitcher current={locale} label={t("language")} className="shrink-0" />
      </div>
    </header>
  );
}
