import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { Loading } from "@trade/ui";
import { MoneyView } from "./money-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pageTitles");
  return { title: t("money") };
}

export default function MoneyPage() {
  return (
    <Suspense fallback={<Loading />}>
      <MoneyView />
    </Suspense>
  );
}
