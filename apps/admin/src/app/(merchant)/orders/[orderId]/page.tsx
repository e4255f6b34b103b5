import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderView } from "./order-view";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const id = Number(orderId);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) notFound();
  return <OrderView orderId={id} />;
}
