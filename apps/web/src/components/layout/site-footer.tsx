import { useTranslations } from "next-intl";

export function SiteFooter() {
  const t = useTranslations("layout");
  return (
    <footer className="border-t border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-6 text-sm text-zinc-600 sm:px-6">
        <p>{t("footerName")}</p>
        <p>{t("footerNote")}</p>
      </div>
    </footer>
  );
}
