import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@trade/ui";
import { OrdersView } from "./orders-view";

export const metadata: Metadata = { title: "Orders" };

export default function OrdersPage() {
  return (
    <Suspense fallback={<Loading />}>
      <OrdersView />
    </Suspense>
  );
}
