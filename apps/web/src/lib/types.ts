import type { AppRouter } from "@trade/api/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type ProductCardData = RouterOutputs["catalog"]["list"]["items"][number];
export type ProductDetail = RouterOutputs["catalog"]["product"];
export type SkuData = ProductDetail["skus"][number];
export type CartData = RouterOutputs["cart"]["get"];
export type CartGroupData = CartData["groups"][number];
export type OrderData = RouterOutputs["order"]["get"];
export type AccountData = RouterOutputs["wallet"]["accounts"][number];
export type LedgerLine = RouterOutputs["wallet"]["ledger"]["items"][number];
export type OrderStatus = OrderData["status"];
