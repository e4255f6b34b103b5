"use client";

import { createContext, useContext, type ReactNode } from "react";
import { defaultLocale, type Locale } from "./locale";

const count = (locale: Locale, n: number) => new Intl.NumberFormat(locale).format(n);

// A Chinese noun comes with its measure word ("笔订单", "件商品": "共 3 笔订单"); without a number
// in front ("暂无订单", "订单分页") the measure word goes.
const bare = (noun: string) => noun.replace(/^[件笔条个项]\s*/, "");

/**
 * The kit's own few words (loading, cancel, the pager), in every app language. The apps pass
 * everything else as props. Typed per locale, so a missing entry fails to compile; the apps'
 * i18n tests check it too (ui-text.test.ts).
 */
export interface UiText {
  loading: string;
  cancel: string;
  dismiss: string;
  previous: string;
  next: string;
  items: string;
  pagesOf: (noun: string) => string;
  none: (noun: string) => string;
  range: (first: number, last: number) => string;
  ofTotal: (total: number, noun: string) => string;
  pageOf: (page: number, pages: number) => string;
  page: (page: number) => string;
  progress: (value: number, max: number, percent: number) => string;
}

export const uiText: Record<Locale, UiText> = {
  en: {
    loading: "Loading",
    cancel: "Cancel",
    dismiss: "Dismiss",
    previous: "Previous",
    next: "Next",
    items: "items",
    pagesOf: (noun) => `Pages of ${noun}`,
    none: (noun) => `No ${noun}`,
    range: (first, last) => `${count("en", first)}–${count("en", last)}`,
    ofTotal: (total, noun) => ` of ${count("en", total)} ${noun}`,
    pageOf: (page, pages) => ` · page ${count("en", page)} of ${count("en", pages)}`,
    page: (page) => ` · page ${count("en", page)}`,
    progress: (value, max, percent) => `${value} of ${max} (${percent}%)`,
  },
  "zh-CN": {
    loading: "加载中",
    cancel: "取消",
    dismiss: "关闭",
    previous: "上一页",
    next: "下一页",
    items: "条记录",
    pagesOf: (noun) => `${bare(noun)}分页`,
    none: (noun) => `暂无${bare(noun)}`,
    range: (first, last) => `第 ${count("zh-CN", first)}–${count("zh-CN", last)} 条`,
    ofTotal: (total, noun) => `，共 ${count("zh-CN", total)} ${noun}`,
    pageOf: (page, pages) => ` · 第 ${count("zh-CN", page)}/${count("zh-CN", pages)} 页`,
    page: (page) => ` · 第 ${count("zh-CN", page)} 页`,
    progress: (value, max, percent) => `${value}/${max}（${percent}%）`,
  },
};

const UiLocaleContext = createContext<Locale>(defaultLocale);

/** Sets the kit's language; the apps render it once, around everything, with the request's locale. */
export function UiLocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <UiLocaleContext.Provider value={locale}>{children}</UiLocaleContext.Provider>;
}

export function useUiLocale(): Locale {
  return useContext(UiLocaleContext);
}

export function useUiText(): UiText {
  return uiText[useContext(UiLocaleContext)];
}
