import { z } from "zod";
import { getListedProduct } from "../catalog/product.ts";
import { cachedCatalogPage } from "../catalog/list-cache.ts";
import { decodeCatalogCursor } from "../catalog/list.ts";
import { listMerchants } from "../catalog/merchants.ts";
import { listCurrencies } from "../wallet/currencies.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";
import { currencyCode, id, limit } from "./inputs.ts";

/**
 * Public search runs ILIKE over every listed product; the trigram index behind it needs at least
 * three characters, and a shorter term would scan the whole table on every keystroke. Within one
 * merchant's products (their own index) a short term is cheap, so it is allowed there.
 */
export const MIN_SEARCH_LENGTH = 3;

const price = z.string().regex(/^\d{1,16}(\.\d{1,8})?$/, "a decimal price such as 12.50");

export const catalogRouter = createTRPCRouter({
  list: publicProcedure
    .input(
      z
        .object({
          q: z.string().trim().max(100).optional(),
          merchantId: id.optional(),
          currency: currencyCode.optional(),
          minPrice: price.optional(),
          maxPrice: price.optional(),
          sort: z.enum(["newest", "price_asc", "price_desc", "title"]).default("newest"),
          cursor: z
            .string()
            .max(500)
            .refine((c) => decodeCatalogCursor(c) !== null, "a cursor returned by this list")
            .nullish(),
          limit,
        })
        .refine((i) => !i.q || i.q.length >= MIN_SEARCH_LENGTH || i.merchantId !== undefined, {
          path: ["q"],
          message: `search for at least ${MIN_SEARCH_LENGTH} characters (or within one merchant)`,
        }),
    )
    .query(({ ctx, input }) =>
      cachedCatalogPage({ db: ctx.readDb, redis: ctx.redis, inventory: ctx.inventory }, input),
    ),
  product: publicProcedure
    .input(z.object({ id }))
    .query(({ ctx, input }) => getListedProduct(ctx.readDb, input.id, ctx.inventory)),
  merchants: publicProcedure.query(({ ctx }) => listMerchants(ctx.readDb)),
  currencies: publicProcedure.query(async ({ ctx }) => (await listCurrencies(ctx.db)).filter((c) => c.active)),
});
