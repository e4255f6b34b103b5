import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { OrderDetail } from "~/components/orders/order-detail";
import { getOwnOrder } from "~/server/orders";
import { requireUser } from "~/server/require-user";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: t("orderNumber", { id: String((await params).id) }), robots: { index: false } };
}

export default async function OrderPage({ params }: { params: Params }) {
  const { id } = await params;
  await requireUser(`/orders/${id}`);
  const order = await getOwnOrder(id);
  if (!order) notFound();
  // The countdown runs on the server's clock: the browser corrects its own by this reading.
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request; this reading is the point
  return <OrderDetail initialOrder={order} serverNow={Date.now()} />;
}
