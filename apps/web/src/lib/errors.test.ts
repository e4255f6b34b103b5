import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { describeError, signInErrorMessage } from "./errors";

function apiError(domainCode: string, details: Record<string, unknown> | null = null) {
  const error = new TRPCClientError("refused");
  Object.assign(error, { data: { domainCode, details, fields: null, httpStatus: 422 } });
  return error;
}

describe("describeError", () => {
  it("offers a deposit of exactly the missing amount for INSUFFICIENT_FUNDS", () => {
    const human = describeError(
      apiError("INSUFFICIENT_FUNDS", { currency: "USD", required: "12.50", available: "5.00", missing: "7.50" }),
      "en-US",
    );
    expect(human.message).toBe("This costs $12.50, but you have $5.00 available in USD.");
    expect(human.action).toEqual({ label: "Deposit $7.50", href: "/wallet?deposit=USD&amount=7.50" });
  });

  it("formats yen without decimals", () => {
    const human = describeError(
      apiError("INSUFFICIENT_FUNDS", { currency: "JPY", required: "5800", available: "800", missing: "5000" }),
      "en-US",
    );
    expect(human.action?.label).toBe("Deposit ¥5,000");
  });

  it("words the order and account states", () => {
    expect(describeError(apiError("ORDER_EXPIRED")).title).toBe("This order expired");
    expect(describeError(apiError("OUT_OF_STOCK", { available: 0 })).title).toBe("Sold out");
    expect(describeError(apiError("ACCOUNT_FROZEN")).message).toMatch(/contact support/);
  });

  it("never echoes an unknown error's message", () => {
    const human = describeError(new Error("SELECT * FROM secrets failed"));
    expect(human.message).not.toMatch(/secrets/);
    expect(human.title).toBe("Something went wrong");
  });

  it("maps next-auth sign-in codes", () => {
    expect(signInErrorMessage("INVALID_CREDENTIALS")).toMatch(/incorrect/);
    expect(signInErrorMessage("RATE_LIMITED")).toMatch(/wait/);
    expect(signInErrorMessage(null)).toBeNull();
  });
});
