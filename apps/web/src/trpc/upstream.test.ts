import { describe, expect, it } from "vitest";
import { upstreamOf } from "./upstream.ts";

describe("upstreamOf (the storefront client's batches follow the gateway's routes)", () => {
  it("sends order.pay alone to the payment service, other order calls to the order service", () => {
    expect(upstreamOf("order.pay")).toBe("payment");
    expect(upstreamOf("order.place")).toBe("order");
    expect(upstreamOf("order.cancel")).toBe("order");
    expect(upstreamOf("order.payment")).toBe("order");
    expect(upstreamOf("catalog.list")).toBe("storefront");
    expect(upstreamOf("cart.get")).toBe("storefront");
  });
});
