import { LoadingRegion, Skeleton } from "@trade/ui";
import { useTranslations } from "next-intl";

export default function Loading() {
  const t = useTranslations("orders");
  return (
    <LoadingRegion label={t("loadingOrder")} className="space-y-6">
      <Skeleton className="h-8 w-48" />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Skeleton className="h-64 w-full rounded-2xl" />
        <Skeleton className="h-64 w-full rounded-2xl" />
      </div>
    </LoadingRegion>
  );
}
