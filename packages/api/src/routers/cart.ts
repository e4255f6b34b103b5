import { z } from "zod";
import { clearCart, getCart, setCartLine } from "../cart/cart.ts";
import { createTRPCRouter, memberProcedure } from "../trpc.ts";
import { id } from "./inputs.ts";

export const cartRouter = createTRPCRouter({
  get: memberProcedure.query(({ ctx }) => getCart(ctx.db, ctx.user.id, ctx.inventory)),
  set: memberProcedure
    .input(z.object({ skuId: id, quantity: z.number().int().min(0).max(999) }))
    .mutation(({ ctx, input }) => setCartLine(ctx.db, ctx.user.id, input, ctx.inventory)),
  clear: memberProcedure
    .input(z.object({ skuIds: z.array(id).max(200).optional() }).optional())
    .mutation(({ ctx, input }) => clearCart(ctx.db, ctx.user.id, input?.skuIds, ctx.inventory)),
});
