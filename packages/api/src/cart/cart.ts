import type { Inventory } from "../inventory/port.ts";
import { withStockFigures } from "../inventory/stock-view.ts";
import { Prisma, type Db, type DbTx } from "@trade/db";
import { runTx } from "../infra/tx.ts";
import { fail } from "../errors/index.ts";
import { MAX_LINE_QUANTITY } from "../inventory/limits.ts";
import { toWire } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";
import { attributesOf, skuSelect } from "../catalog/views.ts";

/**
 * Distinct SKUs in one member's cart. The cart page prices every line on each view, so without a
 * ceiling one member could make each of their page loads arbitrarily expensive; an order takes
 * at most 50 items anyway.
 */
export const MAX_CART_LINES = 50;

export interface CartLine {
  skuId: number;
  productId: number;
  title: string;
  code: string;
  attributes: Record<string, string>;
  imageUrl: string | null;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
  available: number;
  purchasable: boolean;
}

export interface CartGroup {
  merchant: { id: number; name: string };
  currency: string;
  scale: number;
  total: string;
  lines: CartLine[];
}

/** The caller's cart, grouped by merchant and currency: each group becomes one order. */
export async function getCart(
  db: DbTx,
  userId: number,
  inventory?: Inventory,
): Promise<{ groups: CartGroup[]; count: number }> {
  const rows = await db.cartItem.findMany({
    where: { userId },
    orderBy: { skuId: "asc" },
    select: {
      quantity: true,
      sku: {
        select: {
          ...skuSelect,
          product: {
            select: {
              id: true,
              title: true,
              imageUrl: true,
              status: true,
              merchant: { select: { id: true, name: true } },
            },
          },
        },
      },
    },
  });
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  const groups = new Map<string, CartGroup & { sum: Prisma.Decimal }>();
  // Stock: the SKU row plus its flash-sale buckets (remote mode: the inventory's figures).
  const skus = await withStockFigures(
    inventory,
    db,
    rows.map((r) => r.sku),
  );
  for (const [i, { quantity }] of rows.entries()) {
    const sku = skus[i];
    if (!sku) continue;
    const scale = scales.get(sku.currency) ?? 2;
    const key = `${sku.product.merchant.id}:${sku.currency}`;
    const group = groups.get(key) ?? {
      merchant: sku.product.merchant,
      currency: sku.currency,
      scale,
      total: "",
      lines: [],
      sum: new Prisma.Decimal(0),
    };
    const lineTotal = sku.price.times(quantity);
    const purchasable = sku.status === "LISTED" && sku.product.status === "LISTED" && sku.stock >= quantity;
    if (purchasable) group.sum = group.sum.plus(lineTotal);
    group.lines.push({
      skuId: sku.id,
      productId: sku.product.id,
      title: sku.product.title,
      code: sku.code,
      attributes: attributesOf(sku.attributes),
      imageUrl: sku.product.imageUrl,
      quantity,
      unitPrice: toWire(sku.price, scale),
      lineTotal: toWire(lineTotal, scale),
      available: sku.stock,
      purchasable,
    });
    groups.set(key, group);
  }
  return {
    groups: [...groups.values()].map(({ sum, ...g }) => ({ ...g, total: toWire(sum, g.scale) })),
    count: rows.reduce((n, r) => n + r.quantity, 0),
  };
}

/** Sets a line's quantity (0 removes it). Only listed SKUs can be added. */
export async function setCartLine(
  db: Db,
  userId: number,
  input: { skuId: number; quantity: number },
  inventory?: Inventory,
) {
  if (input.quantity === 0) {
    await db.cartItem.deleteMany({ where: { userId, skuId: input.skuId } });
    return getCart(db, userId, inventory);
  }
  if (input.quantity > MAX_LINE_QUANTITY) fail("QUANTITY_LIMIT", { skuId: input.skuId, max: MAX_LINE_QUANTITY });
  const sku = await db.sku.findUnique({
    where: { id: input.skuId },
    select: { status: true, product: { select: { status: true } } },
  });
  if (!sku) fail("NOT_FOUND", { resource: "sku" });
  if (sku.status !== "LISTED" || sku.product.status !== "LISTED") fail("NOT_LISTED", { skuId: input.skuId });
  await runTx(db, async (tx) => {
    // The member's row lock serialises their own cart writes, so concurrent adds (a batch) cannot
    // each see room for one more line and together pass the limit.
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR NO KEY UPDATE`;
    const lines = await tx.cartItem.count({ where: { userId } });
    const has = lines > 0 && (await tx.cartItem.count({ where: { userId, skuId: input.skuId } })) > 0;
    if (!has && lines >= MAX_CART_LINES) fail("CART_FULL", { maxLines: MAX_CART_LINES });
    await tx.cartItem.upsert({
      where: { userId_skuId: { userId, skuId: input.skuId } },
      create: { userId, skuId: input.skuId, quantity: input.quantity },
      update: { quantity: input.quantity },
    });
  });
  return getCart(db, userId, inventory);
}

export async function clearCart(db: Db, userId: number, skuIds?: number[], inventory?: Inventory) {
  await db.cartItem.deleteMany({ where: { userId, ...(skuIds ? { skuId: { in: skuIds } } : {}) } });
  return getCart(db, userId, inventory);
}
