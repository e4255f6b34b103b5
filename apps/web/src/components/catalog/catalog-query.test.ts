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

  it("compares min and max exactly, also past float precision", () => {
    // As floats both are 9007199254740992: Number() saw no problem here.
    const { problems } = parseCatalogParams({ min: "9007199254740993", max: "9007199254740992" });
    expect(problems).toEqual([{ key: "problemMinAboveMax" }]);
    expect(parseCatalogParams({ min: "10.10", max: "10.1" }).problems).toEqual([]);
    expect(parseCatalogParams({ min: "10.11", max: "10.1" }).problems).toHaveLength(1);
  });
});
