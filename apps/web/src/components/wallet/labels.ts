import type { useTranslations } from "next-intl";
import type { LedgerLine } from "~/lib/types";

type WalletT = ReturnType<typeof useTranslations<"wallet">>;

const MOVES = {
  DEPOSIT: "moveDEPOSIT",
  WITHDRAW_HOLD: "moveWITHDRAW_HOLD",
  WITHDRAW_COMPLETE: "moveWITHDRAW_COMPLETE",
  WITHDRAW_RELEASE: "moveWITHDRAW_RELEASE",
  ORDER_HOLD: "moveORDER_HOLD",
  ORDER_SETTLE: "moveORDER_SETTLE",
  ORDER_RELEASE: "moveORDER_RELEASE",
} as const;

// Ids go in as strings: ICU would print a number with digit grouping ("Order #1,234").
/** A ledger line's movement in the page's language ("Order #12 paid"); an unknown type as it is. */
export function movementLabel(line: Pick<LedgerLine, "type" | "orderId">, t: WalletT): string {
  if (!Object.hasOwn(MOVES, line.type)) return line.type;
  return t(MOVES[line.type], { id: String(line.orderId ?? "") });
}
