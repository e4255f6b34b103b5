import { StatusBadge } from "@trade/ui";
import { useTranslations } from "next-intl";
import type { OrderStatus } from "~/lib/types";

/** Each status's label key in the "orders" messages. */
export const STATUS_LABEL = {
  UNPAID: "statusUNPAID",
  PAID: "statusPAID",
  CANCELLED: "statusCANCELLED",
  EXPIRED: "statusEXPIRED",
} as const satisfies Record<OrderStatus, string>;

/** The kit's StatusBadge with the storefront's word for an order's status. */
export function LocalizedOrderStatus({ status, testId }: { status: OrderStatus; testId?: string }) {
  const t = useTranslations("orders");
  return <StatusBadge status={status} label={t(STATUS_LABEL[status])} data-testid={testId} />;
}
