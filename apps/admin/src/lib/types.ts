import type { AppRouter } from "@trade/api/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** Types inferred from the router: the admin never redeclares the API's enums. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type OrderStatus = NonNullable<RouterInputs["merchant"]["orders"]["list"]["status"]>;
export type ProductStatus = RouterInputs["merchant"]["products"]["setStatus"]["status"];
export type SkuStatus = RouterInputs["merchant"]["skus"]["setStatus"]["status"];
export type AlertStatus = NonNullable<RouterInputs["ops"]["alerts"]["list"]["status"]>;
