import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { Loading } from "@trade/ui";
import { AlertsView } from "./alerts-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pageTitles");
  return { title: t("alerts") };
}

export default function AlertsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <AlertsView />
    </Suspense>
  );
}
