import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@trade/ui";
import { AlertsView } from "./alerts-view";

export const metadata: Metadata = { title: "Risk alerts" };

export default function AlertsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <AlertsView />
    </Suspense>
  );
}
