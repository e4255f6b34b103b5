import Link from "next/link";
import { Badge } from "@trade/ui";
import { useTranslations } from "next-intl";
import type { ProductCardData } from "~/lib/types";
import { PriceRange } from "./price-range";
import { ProductImage } from "./product-image";

export function ProductCard({ product, priority = false }: { product: ProductCardData; priority?: boolean }) {
  const soldOut = product.available <= 0;
  const t = useTranslations("catalog");
  return (
    <article
      className="group relative flex flex-col overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-sm transition-shadow focus-within:ring-2 focus-within:ring-indigo-600 hover:shadow-md"
      data-testid="product-card"
    >
      <div className="relative aspect-[4/3] overflow-hidden bg-zinc-100">
        <ProductImage
          id={product.id}
          title={product.title}
          imageUrl={product.imageUrl}
          priority={priority}
          className="transition-transform duration-300 group-hover:scale-[1.03]"
        />
        {soldOut && (
          <Badge tone="danger" className="absolute top-3 left-3">
            {t("soldOut")}
          </Badge>
        )}
      </div>
      <div className="flex flex-1 flex-col gap-1.5 p-3 sm:gap-2 sm:p-4">
        <p className="truncate text-[11px] font-medium tracking-wide text-zinc-600 uppercase sm:text-xs">
          {product.merchant.name}
        </p>
        <h2 className="line-clamp-2 text-sm leading-snug font-semibold text-zinc-900 sm:text-base">
          {/* The link covers the whole card: one tab stop per product. */}
          <Link href={`/products/${product.id}`} className="after:absolute after:inset-0 focus-visible:outline-none">
            {product.title}
          </Link>
        </h2>
        <div className="mt-auto pt-1">
          <PriceRange prices={product.prices} />
        </div>
      </div>
    </article>
  );
}

export function ProductCardSkeleton() {
  return (
    <div className="overflow-hidden rounded-2xl border border-zinc-200 bg-white" aria-hidden="true">
      <div className="aspect-[4/3] animate-pulse bg-zinc-200/80" />
      <div className="space-y-3 p-4">
        <div className="h-3 w-20 animate-pulse rounded bg-zinc-200/80" />
        <div className="h-4 w-3/4 animate-pulse rounded bg-zinc-200/80" />
        <div className="h-4 w-16 animate-pulse rounded bg-zinc-200/80" />
      </div>
    </div>
  );
}
