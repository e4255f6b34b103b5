import { Prisma, type Db, type SkuStatus, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import { withBucketFigures } from "../inventory/figures.ts";
import { parseAmount, toWire } from "../money/server.ts";
import { MAX_SKU_UNITS } from "../inventory/limits.ts";
import { requireCurrency } from "../wallet/currencies.ts";
import { requireOwnProduct } from "./merchant-products.ts";
import { attributesOf } from "./views.ts";

export interface SkuInput {
  code: string;
  attributes: Record<string, string>;
  price: string;
  currency: string;
  stock: number;
}

const merchantSkuSelect = {
  id: true,
  productId: true,
  code: true,
  attributes: true,
  price: true,
  currency: true,
  status: true,
  stock: true,
  stockLocked: true,
  sold: true,
  flashBuckets: true,
  updatedAt: true,
} as const;

type MerchantSkuRow = Prisma.SkuGetPayload<{ select: typeof merchantSkuSelect }>;

async function toMerchantSku(db: DbTx, sku: MerchantSkuRow) {
  const { scale } = await requireCurrency(db, sku.currency, false);
  // Stock, held and sold: the SKU row plus its flash-sale buckets.
  const [row = sku] = await withBucketFigures(db, [sku]);
  return { ...row, attributes: attributesOf(row.attributes), price: toWire(row.price, scale), scale };
}

export async function createSku(db: Db, merchantId: number, productId: number, input: SkuInput, actorId: number) {
  if (!Number.isSafeInteger(input.stock) || input.stock < 0 || input.stock > MAX_SKU_UNITS)
    fail("STOCK_LIMIT", { max: MAX_SKU_UNITS });
  await requireOwnProduct(db, merchantId, productId);
  const currency = await requireCurrency(db, input.currency);
  const price = parseAmount(input.price, currency.scale, "price");
  try {
    const sku = await runTx(db, async (tx) => {
      const created = await tx.sku.create({
        data: {
          productId,
          merchantId,
          code: input.code.trim(),
          attributes: input.attributes,
          price,
          currency: currency.code,
          stock: input.stock,
        },
        select: merchantSkuSelect,
      });
      if (input.stock > 0)
        await tx.stockMovement.create({
          data: { skuId: created.id, delta: input.stock, reason: "initial stock", actorId },
        });
      return created;
    });
    return toMerchantSku(db, sku);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      fail("CODE_TAKEN", { code: input.code });
    throw error;
  }
}

/** Scoped: only the merchant's own SKU. */
async function requireOwnSku(db: DbTx, merchantId: number, skuId: number) {
  const sku = await db.sku.findFirst({ where: { id: skuId, merchantId }, select: merchantSkuSelect });
  if (!sku) fail("NOT_FOUND", { resource: "sku" });
  return sku;
}

/** Price changes apply to new orders only: UNPAID orders keep their snapshot price. */
export async function updateSku(
  db: Db,
  merchantId: number,
  skuId: number,
  input: { price?: string; attributes?: Record<string, string> },
) {
  const sku = await requireOwnSku(db, merchantId, skuId);
  const { scale } = await requireCurrency(db, sku.currency, false);
  const updated = await db.sku.update({
    where: { id: skuId },
    data: {
      ...(input.price !== undefined ? { price: parseAmount(input.price, scale, "price") } : {}),
      ...(input.attributes ? { attributes: input.attributes } : {}),
    },
    select: merchantSkuSelect,
  });
  return toMerchantSku(db, updated);
}

export async function setSkuStatus(db: Db, merchantId: number, skuId: number, status: SkuStatus) {
  await requireOwnSku(db, merchantId, skuId);
  return toMerchantSku(db, await db.sku.update({ where: { id: skuId }, data: { status }, select: merchantSkuSelect }));
}

export async function listProductSkus(db: DbTx, merchantId: number, productId: number) {
  await requireOwnProduct(db, merchantId, productId);
  const rows = await db.sku.findMany({
    where: { productId, merchantId },
    orderBy: { id: "asc" },
    select: merchantSkuSelect,
  });
  return Promise.all(rows.map((r) => toMerchantSku(db, r)));
}

export { requireOwnSku };
