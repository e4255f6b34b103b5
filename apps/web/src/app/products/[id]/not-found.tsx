import Link from "next/link";
import { buttonClass, EmptyState } from "@trade/ui";
import { useTranslations } from "next-intl";

export default function ProductNotFound() {
  const t = useTranslations();
  return (
    <EmptyState
      as="h1"
      title={t("product.unavailableTitle")}
      action={
        <Link href="/" className={buttonClass()}>
          {t("common.backToShop")}
        </Link>
      }
    >
      {t("product.unavailableBody")}
    </EmptyState>
  );
}
