import { bucketSums } from "../inventory/figures.ts";
import type { Inventory } from "../inventory/port.ts";
import { shownStockFigures } from "../inventory/stock-view.ts";
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
  sort_value: string;
  available: bigint | null;
  prices: { currency: string; min: string; max: string }[] | null;
}

/**
 * Listed products with at least one listed SKU matching the filters, in one of four orders, each
 * backed by an index over listed products with the id as tie-breaker: newest (id), price
 * (products.min_price / max_price, the lowest / highest listed SKU price, kept by triggers),
 * title. Keyset pagination: the cursor holds the last row's sort value and id, so a deep page
 * costs what the first does. The per-product price ranges and stock are computed for the page's
 * rows only. (Both price columns are tested for NULL so the planner can use either partial index;
 * the SKU filter is a per-row subquery with LIMIT 1 on purpose: as a semi-join the planner would
 * hash every SKU of the currency before returning the first page.)
 *
 * The search `q` is a case-insensitive substring of the title or the description (ILIKE, LIKE's
 * metacharacters escaped), served by trigram (pg_trgm) GIN indexes over listed products. The
 * planner chooses per term: a selective term reads its matches from the trigram indexes and sorts
 * them; a common one walks the sort's index and stops when the page is full; a term under three
 * characters has (nearly always) no trigrams to look up and walks too.
 */
export async function listCatalog(
  db: Db,
  query: CatalogQuery,
  inventory?: Inventory,
): Promise<{ items: ProductCard[]; nextCursor: string | null }> {
  const rows = await db.$queryRaw<Row[]>(catalogPageSql(query));
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const available = inventory?.kind === "remote" ? await remoteAvailable(db, inventory, page) : null;
  return {
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      imageUrl: r.image_url,
      status: "LISTED",
      merchant: { id: r.merchant_id, name: r.merchant_name },
      available: available ? (available.get(r.id) ?? 0) : Number(r.available ?? 0),
      prices: (r.prices ?? []).map((p) => {
        const scale = scales.get(p.currency) ?? 2;
        return { currency: p.currency, scale, min: toWire(p.min, scale), max: toWire(p.max, scale) };
      }),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id, value: last.sort_value }) : null,
  };
}

/**
 * Remote mode: the page's products' available units from the inventory service (the order
 * database's stock columns are zero there), summed over their listed SKUs as the statement does.
 */
async function remoteAvailable(db: Db, inventory: Inventory, page: Row[]): Promise<Map<number, number>> {
  if (page.length === 0) return new Map();
  const skus = await db.sku.findMany({
    where: { productId: { in: page.map((r) => r.id) }, status: "LISTED" },
    select: { id: true, productId: true },
  });
  const figures = await shownStockFigures(
    inventory,
    db,
    skus.map((s) => s.id),
  );
  const sums = new Map<number, number>();
  for (const s of skus) sums.set(s.productId, (sums.get(s.productId) ?? 0) + (figures.get(s.id)?.stock ?? 0));
  return sums;
}

/**
 * How many pages the search's CTE is planned for. The planner costs an ILIKE test as one operator
 * call, but ILIKE lower-cases both strings (about a microsecond a row), so planned for one page it
 * walks the sort's index for terms in roughly 0.5-2% of the products, where reading the matches
 * from the trigram indexes is faster ("vintage lamp" in the 25,000-product load: 1,630 rows
 * tested and ~2 ms against 313 rows and ~1.1 ms). Five pages put the switch near the measured
 * break-even; common terms still walk.
 */
const SEARCH_PLAN_FACTOR = 5;

/**
 * The page's statement (exported so the tests can check its plans). The page's products are
 * chosen in a MATERIALIZED CTE, over products alone, and the merchant name and price ranges are
 * added to those rows only (the name by a per-row lookup: joined, the planner may hash the whole
 * users table for a page of 21):
 * - in one query, a trigram plan would build the price ranges of every match and sort after
 *   (PostgreSQL sorts the joined rows, not the scan's rows before the joins);
 * - a CTE is planned on its own, not for the LIMIT of the query reading it, so it can be planned
 *   for SEARCH_PLAN_FACTOR pages, yet it runs only as far as it is read: `page LIMIT pageRows`
 *   takes its first rows in its ORDER BY's order (nothing in between re-sorts them), so a walk
 *   still stops when the page is full. The final ORDER BY only orders those rows.
 * Not a prepared statement, on purpose: a generic plan could not tell a rare term from a common one.
 */
export function catalogPageSql(query: CatalogQuery): Prisma.Sql {
  const skuFilters = [
    query.currency ? Prisma.sql`s.currency = ${query.currency}` : null,
    query.minPrice ? Prisma.sql`s.price >= ${query.minPrice}::numeric` : null,
    query.maxPrice ? Prisma.sql`s.price <= ${query.maxPrice}::numeric` : null,
  ].filter((f): f is Prisma.Sql => f !== null);
  const search = query.q?.trim();
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const order = SORTS[query.sort];
  const cursor = decodeCatalogCursor(query.cursor);
  // A cursor from another sort (or a forged one) starts over instead of failing the query.
  const validCursor =
    cursor && (!query.sort.startsWith("price") || /^\d{1,24}(\.\d{1,8})?$/.test(cursor.value)) ? cursor : null;
  const pageRows = query.limit + 1;
  return Prisma.sql`
    WITH page AS MATERIALIZED (
      SELECT p.id, p.title, p.description, p.image_url, p.merchant_id, p.min_price, p.max_price,
             ${order.value}::text AS sort_value
        FROM products p
       WHERE p.status = 'LISTED' AND p.min_price IS NOT NULL AND p.max_price IS NOT NULL
         ${skuFilters.length > 0 ? Prisma.sql`AND (SELECT true FROM skus s WHERE s.product_id = p.id AND s.status = 'LISTED' AND ${Prisma.join(skuFilters, " AND ")} LIMIT 1)` : Prisma.empty}
         ${query.merchantId ? Prisma.sql`AND p.merchant_id = ${query.merchantId}` : Prisma.empty}
         ${pattern ? Prisma.sql`AND (p.title ILIKE ${pattern} OR p.description ILIKE ${pattern})` : Prisma.empty}
         ${validCursor ? order.after(validCursor) : Prisma.empty}
       ORDER BY ${order.orderBy}
       LIMIT ${pattern ? pageRows * SEARCH_PLAN_FACTOR : pageRows}
    )
    SELECT p.id, p.title, p.description, p.image_url, p.merchant_id,
           (SELECT u.name FROM users u WHERE u.id = p.merchant_id) AS merchant_name,
           p.sort_value, m.available, m.prices
      FROM (SELECT * FROM page LIMIT ${pageRows}) p
      CROSS JOIN LATERAL (
        SELECT sum(x.stock) AS available,
               json_agg(json_build_object('currency', x.currency, 'min', x.mn::text, 'max', x.mx::text) ORDER BY x.currency) AS prices
          FROM (SELECT s.currency, min(s.price) AS mn, max(s.price) AS mx, sum(s.stock + bk.stock) AS stock
                  FROM skus s LEFT JOIN LATERAL ${bucketSums("s")} bk ON true
                 WHERE s.product_id = p.id AND s.status = 'LISTED' GROUP BY s.currency) x
      ) m
     ORDER BY ${order.orderBy}`;
}

interface Cursor {
  id: number;
  value: string;
}

/** Each sort: the value it orders by, its ORDER BY, and the keyset condition after a cursor. */
const SORTS: Record<
  CatalogQuery["sort"],
  { value: Prisma.Sql; orderBy: Prisma.Sql; after: (c: Cursor) => Prisma.Sql }
> = {
  newest: { value: Prisma.sql`p.id`, orderBy: Prisma.sql`p.id DESC`, after: (c) => Prisma.sql`AND p.id < ${c.id}` },
  price_asc: {
    value: Prisma.sql`p.min_price`,
    orderBy: Prisma.sql`p.min_price ASC, p.id ASC`,
    after: (c) => Prisma.sql`AND (p.min_price, p.id) > (${c.value}::numeric, ${c.id})`,
  },
  price_desc: {
    value: Prisma.sql`p.max_price`,
    orderBy: Prisma.sql`p.max_price DESC, p.id DESC`,
    after: (c) => Prisma.sql`AND (p.max_price, p.id) < (${c.value}::numeric, ${c.id})`,
  },
  title: {
    value: Prisma.sql`lower(p.title)`,
    orderBy: Prisma.sql`lower(p.title) ASC, p.id ASC`,
    after: (c) => Prisma.sql`AND (lower(p.title), p.id) > (${c.value}, ${c.id})`,
  },
};

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

/**
 * A cursor this list issued, or null. Checked at the edge too: a forged id past the integer
 * column's range, or a value PostgreSQL cannot hold as text (a NUL), used to fail the query.
 */
export function decodeCatalogCursor(raw: string | null | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString()) as { id?: unknown; value?: unknown };
    if (
      typeof parsed.id === "number" &&
      Number.isInteger(parsed.id) &&
      parsed.id >= 1 &&
      parsed.id <= 2_147_483_647 &&
      typeof parsed.value === "string" &&
      parsed.value.length < 300 &&
      !parsed.value.includes("\u0000")
    )
      return { id: parsed.id, value: parsed.value };
  } catch {
    // an unreadable cursor is treated as the first page
  }
  return null;
}
