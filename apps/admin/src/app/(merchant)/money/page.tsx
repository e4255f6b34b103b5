import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@trade/ui";
import { MoneyView } from "./money-view";

export const metadata: Metadata = { title: "Money" };

export default function MoneyPage() {
  return (
    <Suspense fallback={<Loading />}>
      <MoneyView />
    </Suspense>
  );
}
