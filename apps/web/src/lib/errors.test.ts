import { errorCodes } from "@trade/api/client";
import { TRPCClientError } from "@trpc/client";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";
import { describeError, signInErrorMessage } from "./errors";

function apiError(domainCode: string, details: Record<string, unknown> | null = null) {
  const error = new TRPCClientError("refused");
  Object.assign(error, { data: { domainCode, details, fields: null, httpStatus: 422 } });
  return error;
}

const enErrors = createTranslator({ locale: "en", messages: en, namespace: "errors" });
const zhErrors = createTranslator({ locale: "zh-CN", messages: zh, namespace: "errors" });
const enAuth = createTranslator({ locale: "en", messages: en, namespace: "auth" });
const zhAuth = createTranslator({ locale: "zh-CN", messages: zh, namespace: "auth" });
const en$ = (error: unknown) => describeError(error, enErrors, "en");
const zh$ = (error: unknown) => describeError(error, zhErrors, "zh-CN");

describe("describeError", () => {
  it("offers a deposit of exactly the missing amount for INSUFFICIENT_FUNDS", () => {
    const error = apiError("INSUFFICIENT_FUNDS", {
      currency: "USD",
      required: "12.50",
      available: "5.00",
      missing: "7.50",
    });
    expect(en$(error).message).toBe("This costs $12.50, but you have $5.00 available in USD.");
    expect(en$(error).action).toEqual({ label: "Deposit $7.50", href: "/wallet?deposit=USD&amount=7.50" });
    expect(zh$(error).message).toBe("需要 US$12.50，但您的 USD 可用余额只有 US$5.00。");
    expect(zh$(error).action).toEqual({ label: "充值 US$7.50", href: "/wallet?deposit=USD&amount=7.50" });
  });

  it("formats yen without decimals, and never as the yuan's sign in Chinese", () => {
    const error = apiError("INSUFFICIENT_FUNDS", {
      currency: "JPY",
      required: "5800",
      available: "800",
      missing: "5000",
    });
    expect(en$(error).action?.label).toBe("Deposit ¥5,000");
    expect(zh$(error).action?.label).toBe("充值 JP¥5,000");
  });

  it("words the order and account states", () => {
    expect(en$(apiError("ORDER_EXPIRED")).title).toBe("This order expired");
    expect(en$(apiError("OUT_OF_STOCK", { available: 0 })).title).toBe("Sold out");
    expect(en$(apiError("ACCOUNT_FROZEN")).message).toMatch(/contact support/);
    expect(zh$(apiError("ORDER_EXPIRED")).title).toBe("订单已过期");
    expect(zh$(apiError("ACCOUNT_FROZEN")).message).toMatch(/冻结/);
    expect(zh$(apiError("OUT_OF_STOCK", { available: 3 })).message).toBe("该商品仅剩 3 件，请减少数量后重试。");
  });

  it("has words for every domain code in both languages, the catalogue's message where the app has none", () => {
    for (const code of errorCodes) {
      for (const human of [en$(apiError(code)), zh$(apiError(code))]) {
        expect(human.code).toBe(code);
        expect(human.title.length, code).toBeGreaterThan(0);
        expect(human.message.length, code).toBeGreaterThan(0);
      }
      // Chinese words in the Chinese message, whatever the code.
      expect(zh$(apiError(code)).message, code).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(zh$(apiError("CART_FULL")).message).toBe("购物车已满：请先下单或移除部分商品。");
    expect(en$(apiError("CART_FULL")).message).toBe("Your cart is full: order or remove some items first.");
  });

  it("never echoes an unknown error's message", () => {
    const human = en$(new Error("SELECT * FROM secrets failed"));
    expect(human.message).not.toMatch(/secrets/);
    expect(human.title).toBe("Something went wrong");
    expect(zh$(new Error("x")).title).toBe("出错了");
  });

  it("maps next-auth sign-in codes", () => {
    expect(signInErrorMessage("INVALID_CREDENTIALS", enAuth)).toMatch(/incorrect/);
    expect(signInErrorMessage("RATE_LIMITED", enAuth)).toMatch(/wait/);
    expect(signInErrorMessage("CredentialsSignin", zhAuth)).toBe("邮箱或密码错误。");
    expect(signInErrorMessage(null, enAuth)).toBeNull();
  });
});
