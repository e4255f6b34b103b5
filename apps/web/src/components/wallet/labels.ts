import type { LedgerLine } from "~/lib/types";

export function movementLabel(line: Pick<LedgerLine, "type" | "orderId">): string {
  const order = line.orderId ? `Order #${line.orderId}` : "Order";
  switch (line.type) {
    case "DEPOSIT":
      return "Deposit";
    case "WITHDRAW_HOLD":
      return "Withdrawal requested";
    case "WITHDRAW_COMPLETE":
      return "Withdrawal paid out";
    case "WITHDRAW_RELEASE":
      return "Withdrawal rejected, money released";
    case "ORDER_HOLD":
      return `${order} placed, money held`;
    case "ORDER_SETTLE":
      return `${order} paid`;
    case "ORDER_RELEASE":
      return `${order} closed, hold released`;
    default:
      return line.type;
  }
}
