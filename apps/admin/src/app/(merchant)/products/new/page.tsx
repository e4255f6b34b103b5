import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NewProductView } from "./new-product-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pageTitles");
  return { title: t("newProduct") };
}

export default function NewProductPage() {
  return <NewProductView />;
}
