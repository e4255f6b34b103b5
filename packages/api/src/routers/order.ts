import { z } from "zod";
import { cancelOrder } from "../order/close.ts";
import { listOrdersForBuyer } from "../order/list.ts";
import { placeOrder } from "../order/place.ts";
import { getOrderForBuyer } from "../order/view.ts";
import { payOrder } from "../payment/pay.ts";
import { createTRPCRouter, memberProcedure } from "../trpc.ts";
import { id, idempotencyKey, intCursor, limit } from "./inputs.ts";

export const orderStatus = z.enum(["UNPAID", "PAID", "CANCELLED", "EXPIRED"]);

export const orderRouter = createTRPCRouter({
  place: memberProcedure
    .input(
      z.object({
        items: z
          .array(z.object({ skuId: id, quantity: z.number().int().min(1).max(999) }))
          .min(1)
          .max(50),
        idempotencyKey,
      }),
    )
    .mutation(({ ctx, input }) => placeOrder(ctx, ctx.user, input)),
  pay: memberProcedure
    .input(z.object({ orderId: id }))
    .mutation(({ ctx, input }) => payOrder(ctx, ctx.user, input.orderId)),
  // Cancelling releases the order's funds and stock: allowed while frozen, so a freeze does not
  // keep other buyers from the stock for the rest of the order's 30 minutes.
  cancel: memberProcedure
    .meta({ frozen: "allowed" })
    .input(z.object({ orderId: id }))
    .mutation(({ ctx, input }) => cancelOrder(ctx, ctx.user.id, input.orderId)),
  get: memberProcedure
    .input(z.object({ orderId: id }))
    .query(({ ctx, input }) => getOrderForBuyer(ctx.db, ctx.user.id, input.orderId)),
  list: memberProcedure
    .input(z.object({ status: orderStatus.optional(), cursor: intCursor, limit }))
    .query(({ ctx, input }) => listOrdersForBuyer(ctx.db, ctx.user.id, input)),
});
