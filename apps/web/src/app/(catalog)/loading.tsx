import { ProductCardSkeleton } from "~/components/catalog/product-card";
import { LoadingRegion, Skeleton } from "@trade/ui";
import { useTranslations } from "next-intl";

export default function Loading() {
  const t = useTranslations("catalog");
  return (
    <LoadingRegion label={t("loadingProducts")} className="space-y-6">
      <div className="space-y-2">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <Skeleton className="h-10 w-full" />
      <div className="grid grid-cols-2 gap-3 sm:gap-6 lg:grid-cols-3 xl:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          <ProductCardSkeleton key={i} />
        ))}
      </div>
    </LoadingRegion>
  );
}
