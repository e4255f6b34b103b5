import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { minMax } from "@trade/api/money";
import { PriceRange } from "~/components/catalog/price-range";
import { ProductImage } from "~/components/catalog/product-image";
import { SkuPicker } from "~/components/product/sku-picker";
import { getSession } from "~/server/auth";
import { getProduct } from "~/server/catalog";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await getProduct((await params).id);
  // Search engines get metadata before the page streams: a missing product is a real 404 for them.
  if (!product) notFound();
  const t = await getTranslations("product");
  const description =
    summary(product.description) || t("metaDescription", { title: product.title, merchant: product.merchant.name });
  return {
    title: product.title,
    description,
    alternates: { canonical: `/products/${product.id}` },
    openGraph: {
      title: product.title,
      description,
      type: "website",
      ...(product.imageUrl && !product.imageUrl.startsWith("data:") ? { images: [product.imageUrl] } : {}),
    },
  };
}

function summary(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}

export default async function ProductPage({ params }: { params: Params }) {
  const { id } = await params;
  const [product, session, requestHeaders, t] = await Promise.all([
    getProduct(id),
    getSession(),
    headers(),
    getTranslations("product"),
  ]);
  if (!product) notFound();

  const ranges = priceRanges(product.skus);
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description,
    brand: { "@type": "Brand", name: product.merchant.name },
    offers: product.skus.map((s) => ({
      "@type": "Offer",
      sku: s.code,
      price: s.price,
      priceCurrency: s.currency,
      availability: s.available > 0 ? "https://schema.org/InStock" : "https://schema.org/SoldOut",
    })),
  };

  return (
    <div className="space-y-6">
      <nav aria-label={t("breadcrumb")} className="text-sm text-zinc-600">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link href="/" className="hover:text-zinc-900 hover:underline">
              {t("shop")}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link href={`/?merchant=${product.merchant.id}`} className="hover:text-zinc-900 hover:underline">
              {product.merchant.name}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="truncate font-medium text-zinc-900">
            {product.title}
          </li>
        </ol>
      </nav>

      <div className="grid gap-6 lg:grid-cols-2 lg:gap-10">
        <div className="aspect-square overflow-hidden rounded-2xl border border-zinc-200 bg-white lg:sticky lg:top-24 lg:self-start">
          <ProductImage id={product.id} title={product.title} imageUrl={product.imageUrl} priority />
        </div>

        <div className="space-y-6">
          <div className="space-y-2">
            <p className="text-sm font-medium tracking-wide text-zinc-600 uppercase">
              <Link href={`/?merchant=${product.merchant.id}`} className="hover:underline">
                {product.merchant.name}
              </Link>
            </p>
            <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">{product.title}</h1>
            {ranges.length > 0 && (
              <div className="text-lg">
                <PriceRange prices={ranges} />
              </div>
            )}
          </div>

          <SkuPicker
            product={{ id: product.id, title: product.title }}
            skus={product.skus}
            signedIn={Boolean(session)}
          />

          {product.description && (
            <section aria-labelledby="description-heading" className="border-t border-zinc-200 pt-6">
              <h2 id="description-heading" className="text-sm font-semibold text-zinc-900">
                {t("about")}
              </h2>
              <p className="mt-2 text-sm leading-relaxed whitespace-pre-line text-zinc-700">{product.description}</p>
            </section>
          )}
        </div>
      </div>
      <script
        type="application/ld+json"
        // The per-request nonce of the page's CSP (src/proxy.ts): a data block, but tagged all the same.
        nonce={requestHeaders.get("x-nonce") ?? undefined}
        dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }}
      />
    </div>
  );
}

function priceRanges(skus: { price: string; currency: string; scale: number }[]) {
  const byCurrency = new Map<string, { currency: string; scale: number; prices: string[] }>();
  for (const s of skus) {
    const r = byCurrency.get(s.currency) ?? { currency: s.currency, scale: s.scale, prices: [] };
    r.prices.push(s.price);
    byCurrency.set(s.currency, r);
  }
  return [...byCurrency.values()].flatMap(({ currency, scale, prices }) => {
    const range = minMax(prices);
    return range ? [{ currency, scale, ...range }] : [];
  });
}
