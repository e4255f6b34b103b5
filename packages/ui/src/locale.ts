/**
 * The languages both apps speak, and how a request picks one: the visitor's choice (a cookie the
 * language switcher sets), else the first supported language of Accept-Language, else English.
 * Plain data and functions: the apps' request config (src/i18n/request.ts) and the switcher share it.
 */
export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

/** The cookie the switcher sets; next-intl's own name for it. */
export const LOCALE_COOKIE = "NEXT_LOCALE";
/** One year: the choice is remembered, not re-asked. */
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** Each language named in itself, so a reader finds theirs whatever the page's language. */
export const localeNames: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };
/** The same, short enough for a phone's header. */
export const localeShortNames: Record<Locale, string> = { en: "EN", "zh-CN": "中文" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/**
 * Maps a language tag to a supported locale: any English is "en", any Chinese written in
 * simplified characters ("zh", "zh-CN", "zh-Hans", "zh-SG") is "zh-CN". Traditional Chinese
 * (zh-TW, zh-HK, zh-Hant) is not Simplified: it falls through to the next preference.
 */
function supported(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower === "en" || lower.startsWith("en-")) return "en";
  if (lower === "zh" || lower === "zh-cn" || lower === "zh-sg" || lower.startsWith("zh-hans")) return "zh-CN";
  return null;
}

/** The best supported locale of an Accept-Language header, by its q-values; null if none. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 1000)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((p) => p.tag && p.tag !== "*" && p.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return null;
}

/** The locale of a request: the remembered choice, else the browser's languages, else English. */
export function negotiateLocale(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? defaultLocale;
}
