import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return";

describe("safeReturnPath", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/checkout?product=1&sku=2")).toBe("/checkout?product=1&sku=2");
    expect(safeReturnPath(null)).toBe("/");
  });

  it("refuses other sites", () => {
    expect(safeReturnPath("//evil.example/x")).toBe("/");
    expect(safeReturnPath("https://evil.example/x")).toBe("/");
  });
});
