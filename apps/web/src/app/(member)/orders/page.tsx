import type { Metadata } from "next";
import { OrdersList } from "~/components/orders/orders-list";
import { PageHeader } from "@trade/ui";
import type { OrderStatus } from "~/lib/types";
import { requireUser } from "~/server/require-user";

export const metadata: Metadata = { title: "Your orders", robots: { index: false } };

const STATUSES: OrderStatus[] = ["UNPAID", "PAID", "CANCELLED", "EXPIRED"];

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).status;
  const status = STATUSES.find((s) => s === (Array.isArray(raw) ? raw[0] : raw)?.toUpperCase());
  await requireUser(status ? `/orders?status=${status}` : "/orders");
  return (
    <>
      <PageHeader
        title="Your orders"
        description="Unpaid orders hold money in your wallet until you pay, cancel, or they expire."
      />
      <OrdersList status={status} />
    </>
  );
}
