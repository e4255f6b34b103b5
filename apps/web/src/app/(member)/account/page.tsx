import type { Metadata } from "next";
import { ApiTokens } from "~/components/account/api-tokens";
import { Profile } from "~/components/account/profile";
import { PageHeader } from "@trade/ui";
import { requireUser } from "~/server/require-user";

export const metadata: Metadata = { title: "Account", robots: { index: false } };

export default async function AccountPage() {
  await requireUser("/account");
  return (
    <>
      <PageHeader
        title="Account"
        description="Your details and the API tokens that let programs use the shop for you."
      />
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr] lg:items-start">
        <Profile />
        <ApiTokens />
      </div>
    </>
  );
}
