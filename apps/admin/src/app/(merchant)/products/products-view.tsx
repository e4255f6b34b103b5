"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import {
  ButtonLink,
  Card,
  EmptyState,
  Field,
  Input,
  PageHeader,
  PagedList,
  Select,
  TBody,
  Table,
  Td,
  Th,
  useCursorPager,
} from "@trade/ui";
import { ErrorAlert } from "~/components/error-alert";
import { StatusBadge } from "~/components/status-badge";
import { formatCount, formatDateTime } from "~/lib/format";
import { useDebounced } from "~/lib/use-debounced";
import { useUrlState } from "~/lib/use-url-state";
import type { ProductStatus } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const PAGE_SIZE = 20;
const STATUSES = ["DRAFT", "LISTED", "DELISTED"] as const satisfies readonly ProductStatus[];

export function ProductsView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useUrlState(["q", "status"] as const);
  const [search, setSearch] = useState(filters.q);
  const debouncedSearch = useDebounced(search.trim(), 300);
  useEffect(() => {
    if (debouncedSearch !== filters.q) setFilters({ q: debouncedSearch });
  }, [debouncedSearch, filters.q, setFilters]);

  const status = (STATUSES as readonly string[]).includes(filters.status)
    ? (filters.status as ProductStatus)
    : undefined;
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
        title="Products"
        description="Your catalogue. Open a product to edit it, manage its SKUs and stock, or list it."
        actions={
          <>
            <ButtonLink href="/products/import" variant="outline">
              Import CSV
            </ButtonLink>
            <ButtonLink href="/products/new">New product</ButtonLink>
          </>
        }
      />
      <Card padded>
        <form
          role="search"
          className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-[1fr_12rem]"
          onSubmit={(e) => e.preventDefault()}
        >
          <Field label="Search by title">
            <Input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="e.g. T-shirt"
              maxLength={100}
            />
          </Field>
          <Field label="Status">
            <Select value={status ?? ""} onChange={(e) => setFilters({ status: e.target.value })}>
              <option value="">All statuses</option>
              <option value="DRAFT">Draft</option>
              <option value="LISTED">Listed</option>
              <option value="DELISTED">Delisted</option>
            </Select>
          </Field>
        </form>
        <ErrorAlert error={products.error} className="mb-4" />
        <PagedList
          query={products}
          pager={pager}
          pageSize={PAGE_SIZE}
          noun="products"
          loadingLabel="Loading products…"
          empty={
            <EmptyState
              title={filtered ? "No products match" : "No products yet"}
              action={!filtered && <ButtonLink href="/products/new">Create your first product</ButtonLink>}
            >
              {filtered
                ? "Try another search or status."
                : "Create a product, add SKUs with prices and stock, then list it in the shop. Or import many at once from a CSV file."}
            </EmptyState>
          }
        >
          {(items) => (
            <>
              <Table caption="Products">
                <thead>
                  <tr>
                    <Th>Product</Th>
                    <Th>Status</Th>
                    <Th align="right">SKUs</Th>
                    <Th>Updated</Th>
                  </tr>
                </thead>
                <TBody>
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
                        <StatusBadge status={p.status} />
                      </Td>
                      <Td align="right" className="tabular-nums">
                        {formatCount(p._count.skus)}
                      </Td>
                      <Td className="whitespace-nowrap text-neutral-600">{formatDateTime(p.updatedAt)}</Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            </>
          )}
        </PagedList>
      </Card>
    </>
  );
}
