import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CatalogFilters } from "~/components/catalog/catalog-filters";
import { hasFilters, parseCatalogParams } from "~/components/catalog/catalog-query";
import { CatalogLoadMore } from "~/components/catalog/load-more";
import { ProductCard } from "~/components/catalog/product-card";
import { Alert, buttonClass, EmptyState } from "@trade/ui";
import { api } from "~/trpc/server";

const PAGE_SIZE = 12;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const { params } = parseCatalogParams(await searchParams);
  const [t, meta] = await Promise.all([getTranslations("catalog"), getTranslations("meta")]);
  if (params.q)
    return {
      title: t("searchTitle", { q: params.q }),
      description: t("searchDescription", { q: params.q }),
      robots: { index: false },
    };
  return { title: { absolute: meta("title") }, alternates: { canonical: "/" } };
}

export default async function CataloguePage({ searchParams }: { searchParams: SearchParams }) {
  const { params, problems } = parseCatalogParams(await searchParams);
  const [trpc, t] = await Promise.all([api(), getTranslations("catalog")]);
  const [page, merchants, currencies] = await Promise.all([
    trpc.catalog.list({ ...params, limit: PAGE_SIZE }).catch(() => null),
    trpc.catalog.merchants().catch(() => []),
    trpc.catalog.currencies().catch(() => []),
  ]);
  const filtered = hasFilters(params);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">
          {params.q ? t("resultsFor", { q: params.q }) : t("discover")}
        </h1>
        <p className="mt-1 text-sm text-zinc-600">
          {t("intro", { currencies: currencies.map((c) => c.code).join(", ") || t("yourCurrency") })}
        </p>
      </div>

      <CatalogFilters params={params} merchants={merchants} currencies={currencies} />

      {problems.map((p) => (
        <Alert key={p.key} tone="warning">
          {t(p.key, p.values)}
        </Alert>
      ))}

      {!page ? (
        <Alert tone="danger" title={t("unavailableTitle")}>
          {t("unavailableBody")}
        </Alert>
      ) : page.items.length === 0 ? (
        <EmptyState
          title={filtered ? t("noMatch") : t("noProducts")}
          icon={
            <svg
              viewBox="0 0 24 24"
              className="size-12"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
              aria-hidden="true"
            >
              <circle cx="11" cy="11" r="7" />
              <path d="m20 20-3.5-3.5M8.5 11h5" strokeLinecap="round" />
            </svg>
          }
          action={
            filtered && (
              <Link href="/" className={buttonClass("outline")}>
                {t("clearFilters")}
              </Link>
            )
          }
        >
          {filtered ? t("noMatchBody") : t("noProductsBody")}
        </EmptyState>
      ) : (
        <section aria-label={t("products")}>
          <div className="grid grid-cols-2 gap-3 sm:gap-6 lg:grid-cols-3 xl:grid-cols-4" data-testid="product-grid">
            {page.items.map((product, i) => (
              <ProductCard key={product.id} product={product} priority={i < 4} />
            ))}
            <CatalogLoadMore
              key={JSON.stringify(params)}
              params={params}
              initialCursor={page.nextCursor}
              pageSize={PAGE_SIZE}
            />
          </div>
        </section>
      )}
    </div>
  );
}
