import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CurrenciesView } from "./currencies-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pageTitles");
  return { title: t("currencies") };
}

export default function CurrenciesPage() {
  return <CurrenciesView />;
}
