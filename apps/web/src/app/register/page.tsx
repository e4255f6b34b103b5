import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "~/components/auth/auth-card";
import { RegisterForm } from "~/components/auth/register-form";
import { safeReturnPath } from "~/lib/safe-return";
import { getSession } from "~/server/auth";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("registerMeta"), description: t("registerMetaDescription") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function RegisterPage({ searchParams }: { searchParams: SearchParams }) {
  const callbackUrl = safeReturnPath(first((await searchParams).callbackUrl));
  if (await getSession()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  return (
    <AuthCard
      title={t("registerTitle")}
      description={t("registerDescription")}
      footer={
        <>
          {t("haveAccount")}{" "}
          <Link
            href={`/login${callbackUrl !== "/" ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`}
            className="font-medium text-indigo-700 hover:underline"
          >
            {t("signIn")}
          </Link>
        </>
      }
    >
      <RegisterForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
