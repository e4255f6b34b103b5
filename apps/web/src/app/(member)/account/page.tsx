import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiTokens } from "~/components/account/api-tokens";
import { Profile } from "~/components/account/profile";
import { PageHeader } from "@trade/ui";
import { requireUser } from "~/server/require-user";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("account");
  return { title: t("title"), robots: { index: false } };
}

export default async function AccountPage() {
  await requireUser("/account");
  const t = await getTranslations("account");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr] lg:items-start">
        <Profile />
        <ApiTokens />
      </div>
    </>
  );
}
