import { negotiateLocale } from "@trade/ui/locale";
import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE } from "@trade/ui/locale";
import { loadMessages } from "./messages";

/**
 * next-intl's per-request configuration, without locale-prefixed routes: the language is the
 * switcher's cookie, else the browser's Accept-Language, else English (@trade/ui/locale).
 */
export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
  return { locale, messages: await loadMessages(locale) };
});
