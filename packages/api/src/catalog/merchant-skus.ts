import { Prisma, type Db, type SkuStatus, type DbTx } from "@trade/db";
import { fail } from "../errors/index.ts";
import { runTx } from "../infra/tx.ts";
import type { Inventory } from "../inventory/port.ts";
import { registerNewSkus } from "../inventory/remote-stock.ts";
import { withStockFigures } from "../inventory/stock-view.ts";
import { parseAmount, toWire } from "../money/server.ts";
import { MAX_SKU_UNITS } from "../inventory/limits.ts";
import { requireCurrency } from "../wallet/currencies.ts";
import { requireOwnProduct } from "./merchant-products.ts";
import { attributesOf, merchantSkuSelect } from "./views.ts";

export interface SkuInput {
  code: string;
  attributes: Record<string, string>;
  price: string;
  currency: string;
  stock: number;
}

type MerchantSkuRow = Prisma.SkuGetPayload<{ select: typeof merchantSkuSelect }>;

async function toMerchantSkus(db: DbTx, skus: MerchantSkuRow[], inventory: Inventory | undefined) {
  // Stock, held and sold: the SKU row plus its flash-sale buckets (remote mode: the inventory's,
  // in one batched read for all the rows).
  const rows = await withStockFigures(inventory, db, skus);
  return Promise.all(
    rows.map(async (row) => {
      const { scale } = await requireCurrency(db, row.currency, false);
      return { ...row, attributes: attributesOf(row.attributes), price: toWire(row.price, scale), scale };
    }),
  );
}

async function toMerchantSku(db: Db, sku: MerchantSkuRow, inventory: Inventory | undefined) {
  const [view] = await toMerchantSkus(db, [sku], inventory);
  return view!;
}

/**
 * Remote mode: the SKU is created in the catalogue with 0 stock (the order database never holds
 * stock there) and, once that transaction committed, registered in the inventory service with
 * its initial stock (`registerNewSkus`: INVENTORY_UNAVAILABLE if that fails, the SKU then has
 * no stock until the merchant sets it). Registering first would need the id before the row
 * exists, and a refused insert (CODE_TAKEN) would leave stock for a SKU that is not there.
 */
export async function createSku(
  db: Db,
  merchantId: number,
  productId: number,
  input: SkuInput,
  actorId: number,
  inventory?: Inventory,
) {
  if (!Number.isSafeInteger(input.stock) || input.stock < 0 || input.stock > MAX_SKU_UNITS)
    fail("STOCK_LIMIT", { max: MAX_SKU_UNITS });
  await requireOwnProduct(db, merchantId, productId);
  const currency = await requireCurrency(db, input.currency);
  const price = parseAmount(input.price, currency.scale, "price");
  const remote = inventory?.kind === "remote";
  let sku: MerchantSkuRow;
  try {
    sku = await runTx(db, async (tx) => {
      const created = await tx.sku.create({
        data: {
          productId,
          merchantId,
          code: input.code.trim(),
          attributes: input.attributes,
          price,
          currency: currency.code,
          stock: remote ? 0 : input.stock,
        },
        select: merchantSkuSelect,
      });
      // Remote mode: the inventory service audits the initial stock when it registers it.
      if (input.stock > 0 && !remote)
        await tx.stockMovement.create({
          data: { skuId: created.id, delta: input.stock, reason: "initial stock", actorId },
        });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      fail("CODE_TAKEN", { code: input.code });
    throw error;
  }
  if (inventory?.kind === "remote")
    await registerNewSkus(inventory, [{ skuId: sku.id, merchantId, stock: input.stock }], actorId);
  return toMerchantSku(db, sku, inventory);
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
  inventory?: Inventory,
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
  return toMerchantSku(db, updated, inventory);
}

export async function setSkuStatus(
  db: Db,
  merchantId: number,
  skuId: number,
  status: SkuStatus,
  inventory?: Inventory,
) {
  await requireOwnSku(db, merchantId, skuId);
  const updated = await db.sku.update({ where: { id: skuId }, data: { status }, select: merchantSkuSelect });
  return toMerchantSku(db, updated, inventory);
}

export async function listProductSkus(db: DbTx, merchantId: number, productId: number, inventory?: Inventory) {
  await requireOwnProduct(db, merchantId, productId);
  const rows = await db.sku.findMany({
    where: { productId, merchantId },
    orderBy: { id: "asc" },
    select: merchantSkuSelect,
  });
  return toMerchantSkus(db, rows, inventory);
}

export { requireOwnSku };
