import { authRouter } from "./routers/auth.ts";
import { cartRouter } from "./routers/cart.ts";
import { catalogRouter } from "./routers/catalog.ts";
import { merchantRouter } from "./routers/merchant.ts";
import { opsRouter } from "./routers/ops.ts";
import { orderRouter } from "./routers/order.ts";
import { walletRouter } from "./routers/wallet.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  wallet: walletRouter,
  catalog: catalogRouter,
  cart: cartRouter,
  order: orderRouter,
  merchant: merchantRouter,
  ops: opsRouter,
});

/** The API's type: what API consumers and both apps import to get a typed client. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
