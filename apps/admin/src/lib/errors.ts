import { apiErrorOf, errorMessage as catalogueMessage, signInErrorKey, type ErrorCode } from "@trade/api/client";
import type { useTranslations } from "next-intl";

export type ErrorsT = ReturnType<typeof useTranslations<"errors">>;
export type LoginT = ReturnType<typeof useTranslations<"login">>;

const str = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * Readable messages from API errors, in the page's language. Every API error carries a stable
 * `domainCode` (packages/api/src/errors/catalogue.ts), read by @trade/api/client; a few codes get
 * wording (and numbers from `details`) that fit the admin better, every other code the
 * catalogue's message in the reader's language (English when a language lacks one).
 */
type Wording = (details: Record<string, unknown>, t: ErrorsT, locale: string) => string;

const ADMIN_WORDING: Partial<Record<ErrorCode, Wording>> = {
  STOCK_LIMIT: (d, t, locale) =>
    t("STOCK_LIMIT", { max: new Intl.NumberFormat(locale).format(typeof d.max === "number" ? d.max : 1_000_000_000) }),
  STOCK_BELOW_LOCKED: (d, t) =>
    typeof d.available === "number"
      ? t("STOCK_BELOW_LOCKED", { available: d.available })
      : t("STOCK_BELOW_LOCKED_short"),
  CODE_TAKEN: (d, t, locale) =>
    str(d.code) ? t("CODE_TAKEN", { code: str(d.code) }) : catalogueMessage("CODE_TAKEN", locale),
  CURRENCY_EXISTS: (d, t, locale) =>
    str(d.code) ? t("CURRENCY_EXISTS", { code: str(d.code) }) : catalogueMessage("CURRENCY_EXISTS", locale),
  NOT_FOUND: (_d, t) => t("NOT_FOUND"),
  WITHDRAWAL_NOT_PENDING: (_d, t) => t("WITHDRAWAL_NOT_PENDING"),
  UNAUTHORIZED: (_d, t) => t("UNAUTHORIZED"),
  CSRF_REJECTED: (_d, t) => t("CSRF_REJECTED"),
  RATE_LIMITED: (_d, t) => t("RATE_LIMITED"),
  UNKNOWN_CURRENCY: (d, t, locale) =>
    str(d.currency)
      ? t("UNKNOWN_CURRENCY", { currency: str(d.currency) })
      : catalogueMessage("UNKNOWN_CURRENCY", locale),
};

/** The message to show for a failed call. */
export function errorMessage(error: unknown, t: ErrorsT, locale: string): string {
  if (!error) return "";
  const data = apiErrorOf(error);
  if (!data?.domainCode) {
    // No tRPC shape: the request never reached the API (offline, server restarting). Its own
    // message is not shown: it is the browser's, in English, and may say anything.
    const raw = error instanceof Error ? error.message : typeof error === "string" ? error : "";
    return /fetch|network|load failed/i.test(raw) ? t("offline") : t("unknown");
  }
  const wording = ADMIN_WORDING[data.domainCode];
  return wording ? wording(data.details, t, locale) : catalogueMessage(data.domainCode, locale);
}

/** The sign-in page's message for next-auth's `error` code (the mapping is @trade/api/client's). */
export function signInErrorMessage(code: string | null | undefined, t: LoginT): string | null {
  const key = signInErrorKey(code);
  return key && t(key);
}
