import Link from "next/link";
import { buttonClass, EmptyState } from "@trade/ui";

export default function NotFound() {
  return (
    <EmptyState
      as="h1"
      title="Page not found"
      action={
        <Link href="/" className={buttonClass()}>
          Back to the shop
        </Link>
      }
    >
      The link may be old or mistyped.
    </EmptyState>
  );
}
