import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, negotiateLocale } from "./locale";
import { uiText } from "./ui-text";

describe("negotiateLocale", () => {
  it("takes the switcher's cookie first, then Accept-Language, then English", () => {
    expect(negotiateLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(negotiateLocale("zh-CN", "en-US")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiateLocale("klingon", "en-GB,en;q=0.9")).toBe("en");
    expect(negotiateLocale(null, null)).toBe("en");
    expect(negotiateLocale(undefined, "fr-FR,de;q=0.8")).toBe("en");
  });

  it("reads q-values and maps Simplified Chinese tags, not Traditional ones", () => {
    expect(localeFromAcceptLanguage("en;q=0.5, zh-Hans-CN;q=0.9")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-SG")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-TW, en;q=0.3")).toBe("en");
    expect(localeFromAcceptLanguage("zh-HK")).toBeNull();
    expect(localeFromAcceptLanguage("*, zh-CN;q=0")).toBeNull();
  });
});

describe("the kit's own words", () => {
  it("has every entry in every language", () => {
    expect(Object.keys(uiText["zh-CN"]).sort()).toEqual(Object.keys(uiText.en).sort());
  });

  it("words the pager with the Chinese measure word where a number stands before it", () => {
    const zh = uiText["zh-CN"];
    expect(zh.range(1, 25) + zh.ofTotal(60, "笔订单") + zh.pageOf(1, 3)).toBe("第 1–25 条，共 60 笔订单 · 第 1/3 页");
    expect(zh.none("笔订单")).toBe("暂无订单");
    expect(zh.pagesOf("件商品")).toBe("商品分页");
    expect(uiText.en.range(1, 25) + uiText.en.ofTotal(1200, "orders")).toBe("1–25 of 1,200 orders");
  });
});
