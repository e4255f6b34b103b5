import Link from "next/link";
import { buttonClass, EmptyState } from "@trade/ui";

export default function ProductNotFound() {
  return (
    <EmptyState
      as="h1"
      title="This product isn't available"
      action={
        <Link href="/" className={buttonClass()}>
          Back to the shop
        </Link>
      }
    >
      It may have been taken off sale by its merchant, or the link is wrong.
    </EmptyState>
  );
}
