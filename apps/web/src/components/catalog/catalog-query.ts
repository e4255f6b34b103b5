import { compare } from "@trade/api/money";

/** The catalogue's URL parameters, checked: anything malformed is dropped, never sent on. */
export interface CatalogParams {
  q?: string;
  merchantId?: number;
  currency?: string;
  minPrice?: string;
  maxPrice?: string;
  sort: "newest" | "price_asc" | "price_desc" | "title";
}

/** The sort orders, each with its label's key in the "catalog" messages. */
export const SORTS = [
  { value: "newest", label: "sortNewest" },
  { value: "price_asc", label: "sortPriceAsc" },
  { value: "price_desc", label: "sortPriceDesc" },
  { value: "title", label: "sortTitle" },
] as const satisfies readonly { value: CatalogParams["sort"]; label: string }[];

/** A dropped parameter, as a "catalog" message key and its values (the page words it). */
export type CatalogProblem =
  | { key: "problemShortSearch"; values: { min: number; q: string } }
  | { key: "problemMinPrice" | "problemMaxPrice"; values: { value: string } }
  | { key: "problemMinAboveMax"; values?: undefined };

const PRICE = /^\d{1,16}(\.\d{1,8})?$/;

/** The API refuses shorter terms across all merchants: the trigram search index needs three characters. */
export const MIN_SEARCH_LENGTH = 3;

type Raw = Record<string, string | string[] | undefined>;

function one(raw: Raw, key: string): string | undefined {
  const value = raw[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

export function parseCatalogParams(raw: Raw): { params: CatalogParams; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const params: CatalogParams = { sort: "newest" };
  const q = one(raw, "q");
  const merchant = one(raw, "merchant");
  if (merchant && /^\d{1,9}$/.test(merchant)) params.merchantId = Number(merchant);
  if (q && q.length < MIN_SEARCH_LENGTH && !params.merchantId)
    problems.push({ key: "problemShortSearch", values: { min: MIN_SEARCH_LENGTH, q } });
  else if (q) params.q = q.slice(0, 100);
  const currency = one(raw, "currency")?.toUpperCase();
  if (currency && /^[A-Z]{3,8}$/.test(currency)) params.currency = currency;
  for (const [key, field, problem] of [
    ["min", "minPrice", "problemMinPrice"],
    ["max", "maxPrice", "problemMaxPrice"],
  ] as const) {
    const value = one(raw, key);
    if (!value) continue;
    if (PRICE.test(value)) params[field] = value;
    else problems.push({ key: problem, values: { value } });
  }
  if (params.minPrice && params.maxPrice && compare(params.minPrice, params.maxPrice) > 0) {
    problems.push({ key: "problemMinAboveMax" });
  }
  const sort = one(raw, "sort");
  if (sort && SORTS.some((s) => s.value === sort)) params.sort = sort as CatalogParams["sort"];
  return { params, problems };
}

export function hasFilters(p: CatalogParams): boolean {
  return Boolean(p.q || p.merchantId || p.currency || p.minPrice || p.maxPrice);
}
