import type { Metadata } from "next";
import { CartView } from "~/components/cart/cart-view";
import { PageHeader } from "@trade/ui";
import { requireUser } from "~/server/require-user";

export const metadata: Metadata = { title: "Your cart", robots: { index: false } };

export default async function CartPage() {
  await requireUser("/cart");
  return (
    <>
      <PageHeader title="Your cart" description="Each shop and currency is checked out as its own order." />
      <CartView />
    </>
  );
}
