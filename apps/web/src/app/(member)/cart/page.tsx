import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CartView } from "~/components/cart/cart-view";
import { PageHeader } from "@trade/ui";
import { requireUser } from "~/server/require-user";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("cart");
  return { title: t("title"), robots: { index: false } };
}

export default async function CartPage() {
  await requireUser("/cart");
  const t = await getTranslations("cart");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <CartView />
    </>
  );
}
