import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.ts";
import { refuse } from "./place-outcome.ts";
import { isMarkedSoldOut } from "./sold-out.ts";

// `refuse` maps a placement statement's refusal to the client's domain error. The flash-sale
// codes are resolved by running the statement again (`runWithBucketRetries`, in the inventory
// service's Try too); one that still reaches `refuse` means the retries ran out, and the client
// must hear BUSY (retry later), never an internal code it has no message for. No path through the
// services hands these codes to `refuse` today (the retry loop throws BUSY itself when it gives
// up), so this mapping is only reached here: a mutant turning it into MODE_CHANGED/BUCKETS_* or
// dropping a code from the check survived every integration test.
function refusalOf(refusal: Parameters<typeof refuse>[0]): { code: string; details: unknown } {
  try {
    refuse(refusal);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("refuse returned");
}

describe("refuse", () => {
  it.each(["MODE_CHANGED", "BUCKETS_BUSY", "BUCKETS_SHORT"] as const)(
    "a flash-sale refusal whose retries ran out (%s) is BUSY",
    (code) => {
      expect(refusalOf({ skuId: 7, code, stock: 3 }).code).toBe("BUSY");
    },
  );

  it("OUT_OF_STOCK says which SKU and how many are left; none left marks the SKU sold out", () => {
    expect(refusalOf({ skuId: 900_001, code: "OUT_OF_STOCK", stock: 2 })).toEqual({
      code: "OUT_OF_STOCK",
      details: { skuId: 900_001, available: 2 },
    });
    expect(isMarkedSoldOut(900_001)).toBe(false);
    expect(refusalOf({ skuId: 900_002, code: "OUT_OF_STOCK", stock: 0 }).code).toBe("OUT_OF_STOCK");
    expect(isMarkedSoldOut(900_002)).toBe(true);
  });

  it("NOT_FOUND names the SKU when the statement knows it; the mismatches carry no details", () => {
    expect(refusalOf({ skuId: 5, code: "NOT_FOUND", stock: null })).toEqual({
      code: "NOT_FOUND",
      details: { resource: "sku", skuId: 5 },
    });
    expect(refusalOf({ skuId: null, code: "NOT_FOUND", stock: null })).toEqual({
      code: "NOT_FOUND",
      details: { resource: "sku" },
    });
    expect(refusalOf({ skuId: 5, code: "MERCHANT_MISMATCH", stock: null })).toEqual({
      code: "MERCHANT_MISMATCH",
      details: undefined,
    });
  });
});
