import { describe, expect, it } from "vitest";
import { amountProblem, formatMoney } from "./format.ts";

describe("formatMoney", () => {
  it("shows each currency with its own scale", () => {
    expect(formatMoney("1234.5", "USD", 2, "en-US")).toBe("$1,234.50");
    expect(formatMoney("12800", "JPY", 0, "en-US")).toBe("¥12,800");
    expect(formatMoney("-7.50", "USD", 2, "en-US")).toBe("-$7.50");
  });

  it("never prints the same symbol for yen and yuan", () => {
    expect(formatMoney("268.00", "CNY", 2, "en-US")).toBe("CN¥268.00");
    expect(formatMoney("500", "JPY", 0, "en-US")).toBe("¥500");
    expect(formatMoney("268.00", "CNY", 2, "zh-CN")).toBe("¥268.00");
    expect(formatMoney("500", "JPY", 0, "zh-CN")).toBe("JP¥500");
  });
});

describe("formatMoney fallbacks", () => {
  it("an amount without a fraction gets the scale's zeros; an unknown currency its code", () => {
    expect(formatMoney("5", "USD", 2, "en-US")).toBe("$5.00");
    expect(formatMoney("1234.5", "EUR", 2, "de-DE")).toBe("€1.234,50");
    // Not an ISO 4217 code: Intl refuses it, the code is shown instead of a symbol.
    expect(formatMoney("3.25", "POINTS", 2, "en-US")).toBe("POINTS 3.25");
  });
});

describe("amountProblem (the form's check, mirroring parseAmount)", () => {
  it("accepts what parseAmount accepts", () => {
    expect(amountProblem("12.50", 2)).toBeNull();
    expect(amountProblem(" 7 ", 0)).toBeNull();
    // Padding is not a decimal: "1.5 " (a phone keyboard's trailing space) has one.
    expect(amountProblem("1.5 ", 1)).toBeNull();
    expect(amountProblem(" 1.50", 2)).toBeNull();
    expect(amountProblem(" 1.505 ", 2)).toBe("At most 2 decimals");
  });

  it("names the problem", () => {
    expect(amountProblem("abc", 2)).toBe("Enter an amount like 12.50");
    expect(amountProblem("-3", 2)).toBe("Enter an amount like 12.50");
    expect(amountProblem("1.234", 2)).toBe("At most 2 decimals");
    expect(amountProblem("1.5", 0)).toBe("This currency has no decimals");
    expect(amountProblem("0", 2)).toBe("The amount must be more than zero");
    expect(amountProblem("0.00", 2)).toBe("The amount must be more than zero");
    expect(amountProblem(" 0 ", 2)).toBe("The amount must be more than zero");
    // The whole input must be an amount, and only zero itself is "not more than zero".
    expect(amountProblem("12abc", 2)).toBe("Enter an amount like 12.50");
    expect(amountProblem("0.5", 2)).toBeNull();
  });
});
