import { describe, expect, it } from "vitest";
import { parseCatalogParams } from "./catalog-query";

describe("parseCatalogParams", () => {
  it("keeps valid filters", () => {
    const { params, problems } = parseCatalogParams({
      q: " lamp ",
      merchant: "3",
      currency: "usd",
      min: "10",
      max: "99.50",
      sort: "price_asc",
    });
    expect(params).toEqual({
      q: "lamp",
      merchantId: 3,
      currency: "USD",
      minPrice: "10",
      maxPrice: "99.50",
      sort: "price_asc",
    });
    expect(problems).toEqual([]);
  });

  it("drops malformed values instead of sending them on", () => {
    const { params, problems } = parseCatalogParams({
      merchant: "x",
      currency: "dollars!",
      min: "-1",
      max: "1e9",
      sort: "random",
    });
    expect(params).toEqual({ sort: "newest" });
    expect(problems).toHaveLength(2);
  });
});
