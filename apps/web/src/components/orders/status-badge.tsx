import { Badge, STATUS_TONES } from "@trade/ui";
import { useTranslations } from "next-intl";
import type { OrderStatus } from "~/lib/types";

/** Each status's label key in the "orders" messages. */
export const STATUS_LABEL = {
  UNPAID: "statusUNPAID",
  PAID: "statusPAID",
  CANCELLED: "statusCANCELLED",
  EXPIRED: "statusEXPIRED",
} as const satisfies Record<OrderStatus, string>;

export function OrderStatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  const t = useTranslations("orders");
  return (
    <Badge tone={STATUS_TONES[status]} data-testid={testId}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {t(STATUS_LABEL[status])}
    </Badge>
  );
}
