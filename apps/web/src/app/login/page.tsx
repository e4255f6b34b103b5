import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "~/components/auth/auth-card";
import { LoginForm } from "~/components/auth/login-form";
import { safeReturnPath } from "~/lib/safe-return";
import { getSession } from "~/server/auth";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("signInMeta"), robots: { index: false } };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const callbackUrl = safeReturnPath(first(raw.callbackUrl));
  if (await getSession()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  return (
    <AuthCard
      title={t("signInTitle")}
      description={t("signInDescription")}
      footer={
        <>
          {t("newHere")}{" "}
          <Link
            href={`/register${callbackUrl !== "/" ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`}
            className="font-medium text-indigo-700 hover:underline"
          >
            {t("createAnAccount")}
          </Link>
        </>
      }
    >
      <LoginForm callbackUrl={callbackUrl} initialError={first(raw.error) ?? null} />
    </AuthCard>
  );
}
