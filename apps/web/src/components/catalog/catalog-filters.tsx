"use client";

import Form from "next/form";
import Link from "next/link";
import { useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { Button, cn, Input, Label, Select } from "@trade/ui";
import { SORTS, type CatalogParams } from "./catalog-query";

interface Props {
  params: CatalogParams;
  merchants: { id: number; name: string }[];
  currencies: { code: string; name: string }[];
}

/**
 * Search, filters and sort as one GET form (works without JavaScript; with it, next/form
 * navigates client-side and selects apply at once).
 */
export function CatalogFilters({ params, merchants, currencies }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [open, setOpen] = useState(false);
  const t = useTranslations("catalog");
  const submit = () => form.current?.requestSubmit();
  const activeCount = [params.merchantId, params.currency, params.minPrice, params.maxPrice].filter(Boolean).length;

  return (
    <Form ref={form} action="/" className="space-y-4" aria-label={t("filtersForm")}>
      <div className="flex flex-wrap items-center gap-2">
        <div className="min-w-0 flex-1 basis-56">
          <Label htmlFor="catalog-q" className="sr-only">
            {t("search")}
          </Label>
          <Input
            id="catalog-q"
            name="q"
            type="search"
            defaultValue={params.q ?? ""}
            placeholder={t("searchPlaceholder")}
          />
        </div>
        <Button type="submit" variant="secondary">
          {t("search")}
        </Button>
        <div className="flex w-full items-center gap-2 sm:w-auto">
          <button
            type="button"
            className="inline-flex h-10 items-center gap-2 rounded-lg border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 shadow-sm hover:bg-zinc-50 lg:hidden"
            aria-expanded={open}
            aria-controls="catalog-filter-panel"
            onClick={() => setOpen((v) => !v)}
          >
            <svg
              viewBox="0 0 24 24"
              className="size-4"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
              aria-hidden="true"
            >
              <path d="M4 6h16M7 12h10M10 18h4" />
            </svg>
            {activeCount > 0 ? t("filtersCount", { count: activeCount }) : t("filters")}
          </button>
          <div className="ml-auto flex items-center gap-2 sm:ml-2">
            <Label htmlFor="catalog-sort" className="text-zinc-600">
              {t("sort")}
            </Label>
            <Select
              id="catalog-sort"
              name="sort"
              defaultValue={params.sort}
              onChange={submit}
              className="w-auto min-w-44"
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {t(s.label)}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </div>

      <fieldset
        id="catalog-filter-panel"
        className={cn(
          "grid gap-4 rounded-2xl border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid lg:grid-cols-[1fr_1fr_1.4fr_auto] lg:items-end",
          open ? "grid" : "hidden",
        )}
      >
        <legend className="sr-only">{t("filters")}</legend>
        <div className="space-y-1.5">
          <Label htmlFor="catalog-merchant">{t("merchant")}</Label>
          <Select
            id="catalog-merchant"
            name="merchant"
            defaultValue={params.merchantId ? String(params.merchantId) : ""}
            onChange={submit}
          >
            <option value="">{t("allMerchants")}</option>
            {merchants.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="catalog-currency">{t("currency")}</Label>
          <Select id="catalog-currency" name="currency" defaultValue={params.currency ?? ""} onChange={submit}>
            <option value="">{t("anyCurrency")}</option>
            {currencies.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} · {c.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <span className="block text-sm font-medium text-zinc-800" id="catalog-price-label">
            {t("price")}
          </span>
          <div className="flex items-center gap-2" role="group" aria-labelledby="catalog-price-label">
            <Label htmlFor="catalog-min" className="sr-only">
              {t("minPrice")}
            </Label>
            <Input
              id="catalog-min"
              name="min"
              inputMode="decimal"
              placeholder={t("min")}
              defaultValue={params.minPrice ?? ""}
            />
            <span aria-hidden="true" className="text-zinc-500">
              –
            </span>
            <Label htmlFor="catalog-max" className="sr-only">
              {t("maxPrice")}
            </Label>
            <Input
              id="catalog-max"
              name="max"
              inputMode="decimal"
              placeholder={t("max")}
              defaultValue={params.maxPrice ?? ""}
            />
          </div>
        </div>
        <div className="flex items-center gap-2">
          <Button type="submit" variant="outline">
            {t("apply")}
          </Button>
          <Link href="/" className="rounded-md px-2 py-2 text-sm font-medium text-indigo-700 hover:underline">
            {t("clear")}
          </Link>
        </div>
      </fieldset>
    </Form>
  );
}
