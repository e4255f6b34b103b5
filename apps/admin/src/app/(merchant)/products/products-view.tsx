"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ButtonLink, Card, FilterBar, PageHeader, Table, Td, useCursorPager } from "@trade/ui";
import { FilteredList } from "~/components/filtered-list";
import { LocalizedStatus } from "~/components/localized-status";
import { pickStatus, useStatusSelect } from "~/components/status-select";
import { useTranslations } from "next-intl";
import { useFormat } from "~/lib/format";
import { useUrlState } from "~/lib/use-url-state";
import type { ProductStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 20;
const STATUSES = ["DRAFT", "LISTED", "DELISTED"] as const satisfies readonly ProductStatus[];

export function ProductsView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(["q", "status"] as const);
  const t = useTranslations("products");
  const filterText = useTranslations("filters");
  const { formatCount, formatDateTime } = useFormat();
  const status = pickStatus(STATUSES, filters.status);
  const statusSelect = useStatusSelect(STATUSES, {
    label: t("status"),
    allLabel: t("allStatuses"),
    value: status,
    onChange: (s) => setFilters({ status: s ?? "" }),
  });
  const pager = useCursorPager<number>(`${filters.q}|${status ?? ""}`);
  const products = useQuery(
    trpc.merchant.products.list.queryOptions(
      { q: filters.q || undefined, status, cursor: pager.cursor, limit: PAGE_SIZE },
      { placeholderData: keepPreviousData },
    ),
  );
  const filtered = Boolean(filters.q || status);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <ButtonLink href="/products/import" variant="outline">
              {t("importCsv")}
            </ButtonLink>
            <ButtonLink href="/products/new">{t("newProduct")}</ButtonLink>
          </>
        }
      />
      <Card padded>
        <FilterBar
          label={t("filterForm")}
          search={{
            label: t("search"),
            value: filters.q,
            onSearch: (q) => setFilters({ q }),
            placeholder: t("searchPlaceholder"),
            maxLength: 100,
          }}
          selects={[statusSelect]}
          submitLabel={filterText("search")}
          resetLabel={filterText("reset")}
          onReset={() => setFilters({ q: "", status: "" })}
          active={filtered}
        />
        <FilteredList
          namespace="products"
          query={products}
          pager={pager}
          pageSize={PAGE_SIZE}
          filtered={filtered}
          action={<ButtonLink href="/products/new">{t("createFirst")}</ButtonLink>}
        >
          {(items) => (
            <Table
              caption={t("caption")}
              columns={[t("product"), t("status"), { label: t("skus"), align: "right" }, t("updated")]}
            >
              {items.map((p) => (
                <tr key={p.id} className="hover:bg-neutral-50">
                  <Td>
                    <div className="flex items-center gap-3">
                      {p.imageUrl ? (
                        // Merchant-supplied URLs from any host: a plain <img>, not next/image.
                        <img
                          src={p.imageUrl}
                          alt=""
                          className="size-10 shrink-0 rounded object-cover ring-1 ring-neutral-200"
                          loading="lazy"
                        />
                      ) : (
                        <span
                          aria-hidden="true"
                          className="grid size-10 shrink-0 place-items-center rounded bg-neutral-100 text-xs text-neutral-400"
                        >
                          —
                        </span>
                      )}
                      <div className="min-w-0">
                        <Link href={`/products/${p.id}`} className="font-medium text-indigo-700 hover:underline">
                          {p.title}
                        </Link>
                        <p className="text-xs text-neutral-500">#{p.id}</p>
                      </div>
                    </div>
                  </Td>
                  <Td>
                    <LocalizedStatus status={p.status} />
                  </Td>
                  <Td align="right" className="tabular-nums">
                    {formatCount(p._count.skus)}
                  </Td>
                  <Td className="whitespace-nowrap text-neutral-600">{formatDateTime(p.updatedAt)}</Td>
                </tr>
              ))}
            </Table>
          )}
        </FilteredList>
      </Card>
    </>
  );
}
