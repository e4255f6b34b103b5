import type { Db, ProductStatus, DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";

export interface ProductInput {
  title: string;
  description: string;
  imageUrl?: string | null;
}

const productSelect = {
  id: true,
  title: true,
  description: true,
  imageUrl: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { skus: true } },
} as const;

export function createProduct(db: Db, merchantId: number, input: ProductInput) {
  return db.product.create({
    data: {
      merchantId,
      title: input.title.trim(),
      description: input.description.trim(),
      imageUrl: input.imageUrl ?? null,
    },
    select: productSelect,
  });
}

/** Scoped: a product id of another merchant is NOT_FOUND, never "forbidden" (no existence leak). */
export async function requireOwnProduct(db: DbTx, merchantId: number, productId: number) {
  const product = await db.product.findFirst({ where: { id: productId, merchantId }, select: productSelect });
  if (!product) fail("NOT_FOUND", { resource: "product" });
  return product;
}

export async function updateProduct(db: Db, merchantId: number, productId: number, input: Partial<ProductInput>) {
  await requireOwnProduct(db, merchantId, productId);
  return db.product.update({
    where: { id: productId },
    data: {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description.trim() } : {}),
      ...(input.imageUrl !== undefined ? { imageUrl: input.imageUrl } : {}),
    },
    select: productSelect,
  });
}

/**
 * Listing needs at least one listed SKU. Delisting stops new orders at once (place re-checks the
 * product under the SKU lock); UNPAID orders already placed can still be paid.
 */
export async function setProductStatus(db: Db, merchantId: number, productId: number, status: ProductStatus) {
  await requireOwnProduct(db, merchantId, productId);
  if (status === "LISTED") {
    const listedSkus = await db.sku.count({ where: { productId, status: "LISTED" } });
    if (listedSkus === 0)
      fail("BAD_REQUEST", { reason: "no_listed_sku" }, "Add and list at least one SKU before listing the product.");
  }
  const unpaidOrders = await db.order.count({ where: { status: "UNPAID", items: { some: { sku: { productId } } } } });
  const product = await db.product.update({ where: { id: productId }, data: { status }, select: productSelect });
  return { ...product, unpaidOrders };
}

export async function listMerchantProducts(
  db: DbTx,
  merchantId: number,
  input: { q?: string; status?: ProductStatus; cursor?: number | null; limit: number },
) {
  const rows = await db.product.findMany({
    where: {
      merchantId,
      ...(input.status ? { status: input.status } : {}),
      ...(input.q ? { title: { contains: input.q, mode: "insensitive" as const } } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: productSelect,
  });
  const page = rows.slice(0, input.limit);
  const total = await db.product.count({
    where: {
      merchantId,
      ...(input.status ? { status: input.status } : {}),
      ...(input.q ? { title: { contains: input.q, mode: "insensitive" as const } } : {}),
    },
  });
  return { items: page, total, nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}
