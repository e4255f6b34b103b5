import { Prisma, type Db } from "@trade/db";
import { toWire } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";
import type { ProductCard } from "./views.ts";

export interface CatalogQuery {
  q?: string;
  merchantId?: number;
  currency?: string;
  minPrice?: string;
  maxPrice?: string;
  sort: "newest" | "price_asc" | "price_desc" | "title";
  cursor?: string | null;
  limit: number;
}

interface Row {
  id: number;
  title: string;
  description: string;
  image_url: string | null;
  merchant_id: number;
  merchant_name: string;
  sort_price: Prisma.Decimal | null;
  available: bigint;
  prices: { currency: string; min: string; max: string }[];
}

/**
 * Listed products with at least one listed SKU matching the filters. Keyset pagination: the
 * cursor encodes the sort value and id of the last row, so a deep page costs the same as the
 * first. Prices are filtered and sorted on the matching SKUs' price (in `currency` if given).
 */
export async function listCatalog(db: Db, query: CatalogQuery): Promise<{ items: ProductCard[]; nextCursor: string | null }> {
  const skuFilter = Prisma.sql`s.status = 'LISTED'
    ${query.currency ? Prisma.sql`AND s.currency = ${query.currency}` : Prisma.empty}
    ${query.minPrice ? Prisma.sql`AND s.price >= ${query.minPrice}::numeric` : Prisma.empty}
    ${query.maxPrice ? Prisma.sql`AND s.price <= ${query.maxPrice}::numeric` : Prisma.empty}`;
  const search = query.q?.trim();
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const cursor = decodeCursor(query.cursor);
  const sortExpr = query.sort === "price_asc" ? Prisma.sql`m.min_price` : query.sort === "price_desc" ? Prisma.sql`m.max_price` : query.sort === "title" ? Prisma.sql`lower(p.title)` : Prisma.sql`p.id`;
  const desc = query.sort === "price_desc" || query.sort === "newest";
  const keyset = cursor
    ? query.sort === "newest"
      ? Prisma.sql`AND p.id < ${cursor.id}`
      : query.sort === "title"
        ? Prisma.sql`AND (lower(p.title), p.id) > (${cursor.value}, ${cursor.id})`
        : desc
          ? Prisma.sql`AND (${sortExpr}, p.id) < (${cursor.value}::numeric, ${cursor.id})`
          : Prisma.sql`AND (${sortExpr}, p.id) > (${cursor.value}::numeric, ${cursor.id})`
    : Prisma.empty;
  const order = desc ? Prisma.sql`${sortExpr} DESC, p.id DESC` : Prisma.sql`${sortExpr} ASC, p.id ASC`;

  const rows = await db.$queryRaw<Row[]>`
    SELECT p.id, p.title, p.description, p.image_url, p.merchant_id, u.name AS merchant_name,
           ${query.sort === "title" ? Prisma.sql`lower(p.title)` : query.sort === "price_desc" ? Prisma.sql`m.max_price` : Prisma.sql`m.min_price`} AS sort_price,
           m.available, m.prices
      FROM products p
      JOIN users u ON u.id = p.merchant_id
      CROSS JOIN LATERAL (
        SELECT min(s.price) AS min_price, max(s.price) AS max_price, sum(s.stock) AS available,
               (SELECT json_agg(json_build_object('currency', x.currency, 'min', x.mn::text, 'max', x.mx::text) ORDER BY x.currency)
                  FROM (SELECT s2.currency, min(s2.price) mn, max(s2.price) mx FROM skus s2
                         WHERE s2.product_id = p.id AND s2.status = 'LISTED' GROUP BY s2.currency) x) AS prices
          FROM skus s WHERE s.product_id = p.id AND ${skuFilter}
      ) m
     WHERE p.status = 'LISTED' AND m.min_price IS NOT NULL
       ${query.merchantId ? Prisma.sql`AND p.merchant_id = ${query.merchantId}` : Prisma.empty}
       ${pattern ? Prisma.sql`AND (p.title ILIKE ${pattern} OR p.description ILIKE ${pattern})` : Prisma.empty}
       ${keyset}
     ORDER BY ${order}
     LIMIT ${query.limit + 1}`;
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id, title: r.title, description: r.description, imageUrl: r.image_url, status: "LISTED",
      merchant: { id: r.merchant_id, name: r.merchant_name }, available: Number(r.available),
      prices: (r.prices ?? []).map((p) => {
        const scale = scales.get(p.currency) ?? 2;
        return { currency: p.currency, scale, min: toWire(p.min, scale), max: toWire(p.max, scale) };
      }),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id, value: query.sort === "newest" ? "" : String(last.sort_price ?? "") }) : null,
  };
}

function encodeCursor(c: { id: number; value: string }): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(raw: string | null | undefined): { id: number; value: string } | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString()) as { id?: unknown; value?: unknown };
    if (typeof parsed.id === "number" && Number.isInteger(parsed.id) && typeof parsed.value === "string" && parsed.value.length < 300) return { id: parsed.id, value: parsed.value };
  } catch {
    // an unreadable cursor is treated as the first page
  }
  return null;
}
