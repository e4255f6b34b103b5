import { describe, expect, it } from "vitest";
import { compare, fromMinor, minus, sum, times, toMinor } from "./decimal";

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
