import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ImportView } from "./import-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pageTitles");
  return { title: t("importCsv") };
}

export default function ImportPage() {
  return <ImportView />;
}
