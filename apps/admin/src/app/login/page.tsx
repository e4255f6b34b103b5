import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getSession, homeOf } from "~/server/auth";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("login");
  return { title: t("metaTitle") };
}
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; next?: string }>;
}) {
  const [session, params] = await Promise.all([getSession(), searchParams]);
  if (session && (session.user.role === "MERCHANT" || session.user.role === "OPERATOR"))
    redirect(safeNext(params.next) ?? homeOf(session.user.role));
  const t = await getTranslations("login");
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <span
            aria-hidden="true"
            className="mx-auto grid size-10 place-items-center rounded-lg bg-indigo-600 text-lg font-semibold text-white"
          >
            T
          </span>
          <h1 className="mt-3 text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="mt-1 text-sm text-neutral-600">{t("subtitle")}</p>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-xs ring-1 ring-neutral-200">
          <LoginForm initialError={params.error ?? null} next={safeNext(params.next)} />
        </div>
      </div>
    </main>
  );
}

/** Only paths inside the admin: never an absolute URL (open redirect). */
function safeNext(next: string | undefined): string | undefined {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : undefined;
}
