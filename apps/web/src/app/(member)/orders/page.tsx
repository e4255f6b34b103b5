import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OrdersList } from "~/components/orders/orders-list";
import { PageHeader } from "@trade/ui";
import type { OrderStatus } from "~/lib/types";
import { requireUser } from "~/server/require-user";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: t("title"), robots: { index: false } };
}

const STATUSES: OrderStatus[] = ["UNPAID", "PAID", "CANCELLED", "EXPIRED"];

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).status;
  const status = STATUSES.find((s) => s === (Array.isArray(raw) ? raw[0] : raw)?.toUpperCase());
  await requireUser(status ? `/orders?status=${status}` : "/orders");
  const t = await getTranslations("orders");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <OrdersList status={status} />
    </>
  );
}
