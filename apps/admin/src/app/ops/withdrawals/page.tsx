import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WithdrawalsView } from "./withdrawals-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pageTitles");
  return { title: t("withdrawals") };
}

export default function WithdrawalsPage() {
  return <WithdrawalsView />;
}
