/**
 * Which upstream of the cluster's gateway serves a procedure (scripts/cluster/nginx.conf.template):
 * `order.pay` the payment service (apps/payment), the rest of `order.*` the order service, all
 * else the storefront's API. The client sends each in batches of its own, so every request names
 * procedures of one upstream only (a mixed batch is refused by the gateway).
 */
export type Upstream = "payment" | "order" | "storefront";

export function upstreamOf(path: string): Upstream {
  if (path === "order.pay") return "payment";
  if (path.startsWith("order.")) return "order";
  return "storefront";
}
