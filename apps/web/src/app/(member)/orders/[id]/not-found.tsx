import Link from "next/link";
import { buttonClass, EmptyState } from "@trade/ui";

export default function OrderNotFound() {
  return (
    <EmptyState
      as="h1"
      title="Order not found"
      action={
        <Link href="/orders" className={buttonClass()}>
          Your orders
        </Link>
      }
    >
      There is no order with this number in your account.
    </EmptyState>
  );
}
