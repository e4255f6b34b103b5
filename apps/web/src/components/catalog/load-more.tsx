"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ErrorAlert } from "@trade/ui";
import { useTranslations } from "next-intl";
import type { ProductCardData } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import type { CatalogParams } from "./catalog-query";
import { ProductCard } from "./product-card";

/**
 * Keyset pagination after the server-rendered first page: each click fetches the page after
 * the last cursor and appends it, so the grid grows without reloading or skipping items.
 */
export function CatalogLoadMore({
  params,
  initialCursor,
  pageSize,
}: {
  params: CatalogParams;
  initialCursor: string | null;
  pageSize: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pages, setPages] = useState<ProductCardData[][]>([]);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const t = useTranslations("common");

  async function loadMore() {
    if (!cursor || loading) return;
    setLoading(true);
    setError(null);
    try {
      const page = await queryClient.fetchQuery(trpc.catalog.list.queryOptions({ ...params, cursor, limit: pageSize }));
      setPages((prev) => [...prev, page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      {pages.map((items, i) => (
        // Each appended page continues the same grid.
        <div key={i} className="contents">
          {items.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </div>
      ))}
      <div className="col-span-full flex flex-col items-center gap-3 pt-4">
        {error ? <ErrorAlert error={error} className="w-full max-w-lg" /> : null}
        {cursor ? (
          <Button variant="outline" onClick={loadMore} loading={loading} loadingText={t("loading")}>
            {t("loadMore")}
          </Button>
        ) : (
          pages.length > 0 && <p className="text-sm text-zinc-600">{t("seenEverything")}</p>
        )}
      </div>
    </>
  );
}
