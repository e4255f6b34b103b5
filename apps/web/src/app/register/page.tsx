import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "~/components/auth/auth-card";
import { RegisterForm } from "~/components/auth/register-form";
import { safeReturnPath } from "~/lib/safe-return";
import { getSession } from "~/server/auth";

export const metadata: Metadata = {
  title: "Create an account",
  description: "Open a Trade account: one wallet in every currency, free.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function RegisterPage({ searchParams }: { searchParams: SearchParams }) {
  const callbackUrl = safeReturnPath(first((await searchParams).callbackUrl));
  if (await getSession()) redirect(callbackUrl);
  return (
    <AuthCard
      title="Create your account"
      description="You get a wallet in every currency the shop sells in."
      footer={
        <>
          Already have an account?{" "}
          <Link
            href={`/login${callbackUrl !== "/" ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`}
            className="font-medium text-indigo-700 hover:underline"
          >
            Sign in
          </Link>
        </>
      }
    >
      <RegisterForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
