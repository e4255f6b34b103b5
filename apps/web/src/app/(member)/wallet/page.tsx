import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@trade/ui";
import { WalletView } from "~/components/wallet/wallet-view";
import { requireUser } from "~/server/require-user";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("wallet");
  return { title: t("title"), robots: { index: false } };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "";

export default async function WalletPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const currency = first(raw.deposit).toUpperCase();
  const amount = first(raw.amount);
  const prefill = /^[A-Z]{3,8}$/.test(currency)
    ? { currency, amount: /^\d{1,16}(\.\d{1,8})?$/.test(amount) ? amount : "" }
    : null;
  await requireUser(prefill ? `/wallet?deposit=${prefill.currency}&amount=${prefill.amount}` : "/wallet");
  const t = await getTranslations("wallet");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <WalletView prefill={prefill} />
    </>
  );
}
