import { Badge, type BadgeTone } from "@trade/ui";
import type { OrderStatus } from "~/lib/types";

export const STATUS_LABEL: Record<OrderStatus, string> = {
  UNPAID: "Unpaid",
  PAID: "Paid",
  CANCELLED: "Cancelled",
  EXPIRED: "Expired",
};
const STATUS_TONE: Record<OrderStatus, BadgeTone> = {
  UNPAID: "warning",
  PAID: "success",
  CANCELLED: "neutral",
  EXPIRED: "danger",
};

export function OrderStatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} data-testid={testId}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {STATUS_LABEL[status]}
    </Badge>
  );
}
