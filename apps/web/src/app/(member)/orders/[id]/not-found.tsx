import Link from "next/link";
import { buttonClass, EmptyState } from "@trade/ui";
import { useTranslations } from "next-intl";

export default function OrderNotFound() {
  const t = useTranslations("orders");
  return (
    <EmptyState
      as="h1"
      title={t("notFoundTitle")}
      action={
        <Link href="/orders" className={buttonClass()}>
          {t("yourOrders")}
        </Link>
      }
    >
      {t("notFoundBody")}
    </EmptyState>
  );
}
