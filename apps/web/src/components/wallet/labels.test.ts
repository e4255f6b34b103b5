import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "../../../messages/en.json";
import zh from "../../../messages/zh-CN.json";
import { movementLabel } from "./labels";

describe("movementLabel", () => {
  it("names the order by its id as written, never with digit grouping, in both languages", () => {
    const line = { type: "ORDER_SETTLE" as const, orderId: 12345 };
    expect(movementLabel(line, createTranslator({ locale: "en", messages: en, namespace: "wallet" }))).toBe(
      "Order #12345 paid",
    );
    expect(movementLabel(line, createTranslator({ locale: "zh-CN", messages: zh, namespace: "wallet" }))).toBe(
      "订单 #12345 已支付",
    );
  });
});
