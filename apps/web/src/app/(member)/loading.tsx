import { LoadingRegion, Skeleton } from "@trade/ui";

export default function Loading() {
  return (
    <LoadingRegion className="space-y-6">
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-4 w-80 max-w-full" />
      <div className="grid gap-4 sm:grid-cols-2">
        <Skeleton className="h-40 rounded-2xl" />
        <Skeleton className="h-40 rounded-2xl" />
      </div>
    </LoadingRegion>
  );
}
