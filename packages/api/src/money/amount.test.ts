import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.ts";
import { MAX_AMOUNT, parseAmount, toWire } from "./amount.ts";

/** The DomainError parseAmount throws for `input`, or a failure if it accepted it. */
function refusal(input: string, scale: number, field?: string): DomainError {
  try {
    parseAmount(input, scale, field);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`parseAmount accepted ${JSON.stringify(input)} at scale ${scale}`);
}

describe("parseAmount", () => {
  it("accepts plain positive decimals within the currency's scale, exactly", () => {
    expect(parseAmount("12.50", 2).toFixed(2)).toBe("12.50");
    expect(parseAmount("0.01", 2).toFixed(2)).toBe("0.01");
    expect(parseAmount("500", 0).toFixed(0)).toBe("500");
    expect(parseAmount("0.12345678", 8).toFixed(8)).toBe("0.12345678");
    expect(parseAmount("999999999999.99", 2).toFixed(2)).toBe("999999999999.99");
  });

  it("says why an amount is refused, and for which field (the client shows it)", () => {
    for (const input of ["-1", "1e3", "NaN", "", " 1", "01", "1.", ".5", "1,5"])
      expect(refusal(input, 2)).toMatchObject({
        code: "INVALID_AMOUNT",
        details: { field: "amount", reason: "format" },
      });
    expect(refusal("0.001", 2, "price")).toMatchObject({
      code: "INVALID_AMOUNT",
      details: { field: "price", reason: "scale", scale: 2 },
    });
    expect(refusal("1.5", 0)).toMatchObject({ code: "INVALID_AMOUNT", details: { reason: "scale", scale: 0 } });
    expect(refusal("0", 2)).toMatchObject({
      code: "INVALID_AMOUNT",
      details: { field: "amount", reason: "not_positive" },
    });
    expect(refusal("0.00", 2)).toMatchObject({ code: "INVALID_AMOUNT", details: { reason: "not_positive" } });
    expect(refusal(MAX_AMOUNT.toFixed(0), 2)).toMatchObject({
      code: "INVALID_AMOUNT",
      details: { field: "amount", reason: "too_large" },
    });
  });
});

describe("toWire", () => {
  it("writes exactly the currency's decimals", () => {
    expect(toWire("12.5", 2)).toBe("12.50");
    expect(toWire(500, 0)).toBe("500");
    expect(toWire(parseAmount("7", 2), 2)).toBe("7.00");
  });
});
