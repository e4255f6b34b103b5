import { z } from "zod";
import {
  createProduct,
  listMerchantProducts,
  requireOwnProduct,
  setProductStatus,
  updateProduct,
} from "../catalog/merchant-products.ts";
import { createSku, listProductSkus, setSkuStatus, updateSku } from "../catalog/merchant-skus.ts";
import { importCatalogCsv } from "../catalog/csv-import.ts";
import { attributes, productFields, skuFields } from "../catalog/rules.ts";
import { countUnpaidOrdersForProduct, pageProductSkus } from "../catalog/merchant-sku-page.ts";
import { adjustStock } from "../inventory/adjust.ts";
import { MAX_FLASH_BUCKETS, setFlashMode } from "../inventory/flash-mode.ts";
import { merchantDashboard } from "../merchant/dashboard.ts";
import { listOrdersForMerchant } from "../order/list.ts";
import { getOrderForMerchant } from "../order/view.ts";
import { listAccounts, listLedger } from "../wallet/queries.ts";
import { createTRPCRouter, merchantProcedure } from "../trpc.ts";
import { bigintCursor, currencyCode, dateFilter, id, intCursor, limit, money } from "./inputs.ts";
import { orderStatus } from "./order.ts";

const productsRouter = createTRPCRouter({
  list: merchantProcedure
    .input(
      z.object({
        q: z.string().trim().max(100).optional(),
        status: z.enum(["DRAFT", "LISTED", "DELISTED"]).optional(),
        cursor: intCursor,
        limit,
      }),
    )
    .query(({ ctx, input }) => listMerchantProducts(ctx.db, ctx.user.id, input)),
  get: merchantProcedure
    .input(z.object({ productId: id }))
    .query(({ ctx, input }) => requireOwnProduct(ctx.db, ctx.user.id, input.productId)),
  /** How many UNPAID orders hold one of the product's SKUs (asked before delisting). */
  unpaidOrders: merchantProcedure
    .input(z.object({ productId: id }))
    .query(({ ctx, input }) => countUnpaidOrdersForProduct(ctx.db, ctx.user.id, input.productId)),
  create: merchantProcedure
    .input(z.object(productFields))
    .mutation(({ ctx, input }) => createProduct(ctx.db, ctx.user.id, input)),
  update: merchantProcedure
    .input(
      z.object({
        productId: id,
        title: productFields.title.optional(),
        description: productFields.description.optional(),
        imageUrl: productFields.imageUrl,
      }),
    )
    .mutation(({ ctx, input: { productId, ...fields } }) => updateProduct(ctx.db, ctx.user.id, productId, fields)),
  setStatus: merchantProcedure
    .input(z.object({ productId: id, status: z.enum(["DRAFT", "LISTED", "DELISTED"]) }))
    .mutation(({ ctx, input }) => setProductStatus(ctx.db, ctx.user.id, input.productId, input.status)),
  importCsv: merchantProcedure
    .input(z.object({ csv: z.string().max(2_000_000), dryRun: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => importCatalogCsv(ctx.db, ctx.user.id, input.csv, input.dryRun, ctx.inventory)),
});

const skusRouter = createTRPCRouter({
  list: merchantProcedure
    .input(z.object({ productId: id }))
    .query(({ ctx, input }) => listProductSkus(ctx.db, ctx.user.id, input.productId, ctx.inventory)),
  /** Server-side paginated SKUs of one product (search by code, status filter) with the total. */
  page: merchantProcedure
    .input(
      z.object({
        productId: id,
        q: z.string().trim().max(64).optional(),
        status: z.enum(["LISTED", "DELISTED"]).optional(),
        cursor: intCursor,
        limit,
      }),
    )
    .query(({ ctx, input }) => pageProductSkus(ctx.db, ctx.user.id, input, ctx.inventory)),
  create: merchantProcedure
    .input(
      z.object({
        productId: id,
        ...skuFields,
        price: money,
        currency: currencyCode,
      }),
    )
    .mutation(({ ctx, input: { productId, ...sku } }) =>
      createSku(ctx.db, ctx.user.id, productId, sku, ctx.user.id, ctx.inventory),
    ),
  update: merchantProcedure
    .input(z.object({ skuId: id, price: money.optional(), attributes: attributes.optional() }))
    .mutation(({ ctx, input: { skuId, ...fields } }) => updateSku(ctx.db, ctx.user.id, skuId, fields, ctx.inventory)),
  setStatus: merchantProcedure
    .input(z.object({ skuId: id, status: z.enum(["LISTED", "DELISTED"]) }))
    .mutation(({ ctx, input }) => setSkuStatus(ctx.db, ctx.user.id, input.skuId, input.status, ctx.inventory)),
  adjustStock: merchantProcedure
    .input(
      z.object({
        skuId: id,
        delta: z.number().int().min(-10_000_000).max(10_000_000),
        reason: z.string().trim().min(1).max(200),
      }),
    )
    .mutation(({ ctx, input }) => adjustStock(ctx.db, ctx.user.id, input, ctx.user.id, ctx.inventory)),
  /** Flash-sale mode: free stock spread over `buckets` rows (0: back to normal), held units intact. */
  setFlashMode: merchantProcedure
    .input(z.object({ skuId: id, buckets: z.number().int().min(0).max(MAX_FLASH_BUCKETS) }))
    .mutation(({ ctx, input }) => setFlashMode(ctx.db, ctx.user.id, input.skuId, input.buckets, ctx.inventory)),
});

const ordersRouter = createTRPCRouter({
  list: merchantProcedure
    .input(
      z.object({
        status: orderStatus.optional(),
        cursor: intCursor,
        limit,
        from: dateFilter.optional(),
        to: dateFilter.optional(),
      }),
    )
    .query(({ ctx, input }) => listOrdersForMerchant(ctx.db, ctx.user.id, input)),
  get: merchantProcedure
    .input(z.object({ orderId: id }))
    .query(({ ctx, input }) => getOrderForMerchant(ctx.db, ctx.user.id, input.orderId)),
});

export const merchantRouter = createTRPCRouter({
  dashboard: merchantProcedure.query(({ ctx }) =>
    merchantDashboard(ctx.readDb, ctx.user.id, new Date(), ctx.inventory),
  ),
  products: productsRouter,
  skus: skusRouter,
  orders: ordersRouter,
  accounts: merchantProcedure.query(({ ctx }) => listAccounts(ctx, ctx.user.id)),
  ledger: merchantProcedure
    .input(z.object({ currency: currencyCode.optional(), cursor: bigintCursor, limit }))
    .query(({ ctx, input }) => listLedger(ctx.db, ctx.user.id, input)),
});
