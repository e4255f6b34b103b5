import { describe, expect, it } from "vitest";
import { formatMoney } from "./format.ts";

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
