import { describe, expect, it } from "vitest";
import { formatPrice } from "./format-price";

describe("formatPrice", () => {
  it("shows each currency with its own scale", () => {
    expect(formatPrice("1234.5", "USD", 2, "en-US")).toBe("$1,234.50");
    expect(formatPrice("12800", "JPY", 0, "en-US")).toBe("¥12,800");
    expect(formatPrice("-7.50", "USD", 2, "en-US")).toBe("-$7.50");
  });

  it("never prints the same symbol for yen and yuan", () => {
    expect(formatPrice("268.00", "CNY", 2, "en-US")).toBe("CN¥268.00");
    expect(formatPrice("500", "JPY", 0, "en-US")).toBe("¥500");
    expect(formatPrice("268.00", "CNY", 2, "zh-CN")).toBe("¥268.00");
    expect(formatPrice("500", "JPY", 0, "zh-CN")).toBe("JP¥500");
  });
});
