import { LoadingRegion, Skeleton } from "~/components/ui";

export default function Loading() {
  return (
    <LoadingRegion label="Loading product" className="space-y-6">
      <Skeleton className="h-4 w-48" />
      <div className="grid gap-6 lg:grid-cols-2 lg:gap-10">
        <Skeleton className="aspect-square w-full rounded-2xl" />
        <div className="space-y-4">
          <Skeleton className="h-4 w-32" />
          <Skeleton className="h-9 w-3/4" />
          <Skeleton className="h-6 w-24" />
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      </div>
    </LoadingRegion>
  );
}
