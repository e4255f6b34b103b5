import type { Metadata } from "next";
import { WithdrawalsView } from "./withdrawals-view";

export const metadata: Metadata = { title: "Withdrawals" };

export default function WithdrawalsPage() {
  return <WithdrawalsView />;
}
