import { describe, expect, it } from "vitest";
import { compare, decimalsOf, fromMinor, isZero, minMax, minus, ratio, sum, times, toMinor } from "./decimal.ts";

describe("decimal (exact browser arithmetic on wire amounts)", () => {
  it("converts to and from minor units per scale", () => {
    expect(toMinor("12.50", 2)).toBe(1250n);
    expect(toMinor("500", 0)).toBe(500n);
    expect(toMinor("-0.05", 2)).toBe(-5n);
    expect(fromMinor(1250n, 2)).toBe("12.50");
    expect(fromMinor(5n, 2)).toBe("0.05");
    expect(fromMinor(-5n, 2)).toBe("-0.05");
    expect(fromMinor(500n, 0)).toBe("500");
  });

  it("counts a string's decimals as typed, padding aside", () => {
    expect(["12.50", "500", "0.001", " 1.5 ", "1.50  ", "  7", "-0.05"].map(decimalsOf)).toEqual([2, 0, 3, 1, 2, 0, 2]);
  });

  it("adds and multiplies without float drift", () => {
    expect(sum(["0.10", "0.20"], 2)).toBe("0.30");
    expect(times("19.99", 3, 2)).toBe("59.97");
    expect(times("3200", 2, 0)).toBe("6400");
    expect(sum(["99999999999999.99", "0.01"], 2)).toBe("100000000000000.00");
  });

  it("subtracts and compares", () => {
    expect(minus("12.50", "5.00", 2)).toBe("7.50");
    expect(minus("5.00", "12.50", 2)).toBe("-7.50");
    expect(compare("10.00", "9.99", 2)).toBe(1);
    expect(compare("9.99", "10.00", 2)).toBe(-1);
    expect(compare("1.50", "1.5", 2)).toBe(0);
  });
});

describe("decimal without a given scale", () => {
  it("uses the operands' widest decimals, so any two amounts compare exactly", () => {
    expect(compare("10", "9.5")).toBe(1);
    expect(compare("0.10", "0.1")).toBe(0);
    // Past float precision: Number() would call these equal.
    expect(compare("9007199254740993", "9007199254740992")).toBe(1);
    expect(compare("0.30000000000000001", "0.3")).toBe(1);
    expect(sum(["0.1", "0.25"])).toBe("0.35");
    expect(minus("10", "0.01")).toBe("9.99");
  });

  it("finds zero, the range of amounts and drawing ratios", () => {
    expect(isZero("0.00")).toBe(true);
    expect(isZero("-0")).toBe(true);
    expect(isZero("0.01")).toBe(false);
    expect(minMax(["19.99", "5.00", "120.00", "9.50"])).toEqual({ min: "5.00", max: "120.00" });
    expect(minMax(["9.99", "10.00"])).toEqual({ min: "9.99", max: "10.00" });
    expect(minMax([])).toBeNull();
    expect(ratio("25.00", "100.00")).toBe(0.25);
    expect(ratio("1", "0")).toBe(0);
  });
});
