import Link from "next/link";
import { buttonClass, EmptyState } from "@trade/ui";
import { useTranslations } from "next-intl";

export default function NotFound() {
  const t = useTranslations();
  return (
    <EmptyState
      as="h1"
      title={t("pages.notFoundTitle")}
      action={
        <Link href="/" className={buttonClass()}>
          {t("common.backToShop")}
        </Link>
      }
    >
      {t("pages.notFoundBody")}
    </EmptyState>
  );
}
