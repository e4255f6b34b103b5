import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CheckoutView, type CheckoutSource } from "~/components/checkout/checkout-view";
import { Alert, PageHeader } from "@trade/ui";
import { requireUser } from "~/server/require-user";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("checkout");
  return { title: t("title"), robots: { index: false } };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(raw: Record<string, string | string[] | undefined>, key: string): string {
  const v = raw[key];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
}

const int = (s: string) => (/^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : null);

/** /checkout?merchant=1&currency=USD (a cart group) or /checkout?product=1&sku=2&qty=1 (buy now). */
function parseSource(raw: Record<string, string | string[] | undefined>): CheckoutSource | null {
  const product = int(one(raw, "product"));
  const sku = int(one(raw, "sku"));
  if (product && sku)
    return { kind: "buy-now", productId: product, skuId: sku, quantity: Math.min(int(one(raw, "qty")) ?? 1, 999) };
  const merchant = int(one(raw, "merchant"));
  const currency = one(raw, "currency").toUpperCase();
  if (merchant && /^[A-Z]{3,8}$/.test(currency)) return { kind: "cart", merchantId: merchant, currency };
  return null;
}

export default async function CheckoutPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const query = new URLSearchParams(
    Object.entries(raw).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? (v[0] ?? "") : v]])),
  );
  await requireUser(`/checkout?${query.toString()}`);
  const source = parseSource(raw);
  const t = await getTranslations("checkout");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {source ? (
        <CheckoutView source={source} />
      ) : (
        <Alert tone="warning" title={t("nothingTitle")}>
          {t("nothingBody")}
        </Alert>
      )}
    </>
  );
}
