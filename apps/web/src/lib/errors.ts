import { apiErrorOf, errorMessage, signInErrorKey, type ErrorCode } from "@trade/api/client";
import { decimalsOf, formatMoney } from "@trade/api/money";
import { TRPCClientError } from "@trpc/client";
import type { useTranslations } from "next-intl";

export interface HumanError {
  /** The domain code; NETWORK when no answer came back, UNKNOWN for anything else. */
  code: ErrorCode | "NETWORK" | "UNKNOWN";
  title: string;
  message: string;
  /** A way forward, e.g. "Deposit $12.50" -> /wallet?deposit=USD&amount=12.50. */
  action?: { label: string; href: string };
  /** Validation problems per input field (path -> message). */
  fields: Record<string, string>;
}

/** The "errors" part of the app's messages (messages/<locale>.json). */
export type ErrorsT = ReturnType<typeof useTranslations<"errors">>;
export type AuthT = ReturnType<typeof useTranslations<"auth">>;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

// Codes the storefront words itself (a title, a message, sometimes a way forward); every other
// domain code gets a generic title and the catalogue's message in the reader's language.
const worded = [
  "NOT_LISTED",
  "ORDER_EXPIRED",
  "ORDER_NOT_PAYABLE",
  "ORDER_NOT_CANCELLABLE",
  "ACCOUNT_FROZEN",
  "RATE_LIMITED",
  "IDEMPOTENCY_CONFLICT",
  "IDEMPOTENCY_IN_FLIGHT",
  "INVALID_AMOUNT",
  "UNKNOWN_CURRENCY",
  "CURRENCY_INACTIVE",
  "INVALID_CREDENTIALS",
  "WEAK_PASSWORD",
  "FORBIDDEN",
  "CSRF_REJECTED",
  "NOT_FOUND",
  "BUSY",
  "NETWORK",
] as const;
type Worded = (typeof worded)[number];
const isWorded = (code: string): code is Worded => (worded as readonly string[]).includes(code);

/**
 * Turns an API failure into words a customer understands, in the page's language, from the
 * stable domain code (never from the raw message of an unknown error).
 */
export function describeError(error: unknown, t: ErrorsT, locale: string): HumanError {
  const data = apiErrorOf(error);
  const code = data?.domainCode ?? (error instanceof TRPCClientError ? "NETWORK" : "UNKNOWN");
  const details = data?.details ?? {};
  const fields = Object.fromEntries((data?.fields ?? []).map((f) => [f.path, f.message]));
  const base: Pick<HumanError, "code" | "fields"> = { code, fields };
  switch (code) {
    case "INSUFFICIENT_FUNDS": {
      const currency = str(details.currency) ?? "";
      const missing = str(details.missing) ?? "";
      // The API sends amounts at the currency's scale ("7.50", "5000"), so their decimals are it.
      const scale = decimalsOf(missing);
      const fmt = (amount: string | undefined) =>
        amount && currency ? formatMoney(amount, currency, scale, locale) : "";
      const required = fmt(str(details.required));
      const available = fmt(str(details.available));
      return {
        ...base,
        title: t("INSUFFICIENT_FUNDS.title"),
        message:
          required && available
            ? t("INSUFFICIENT_FUNDS.message", { required, available, currency })
            : t("INSUFFICIENT_FUNDS.messageShort"),
        action:
          currency && missing
            ? {
                label: t("INSUFFICIENT_FUNDS.deposit", { amount: fmt(missing) }),
                href: `/wallet?deposit=${encodeURIComponent(currency)}&amount=${encodeURIComponent(missing)}`,
              }
            : { label: t("INSUFFICIENT_FUNDS.goToWallet"), href: "/wallet" },
      };
    }
    case "OUT_OF_STOCK": {
      const available = str(details.available);
      return {
        ...base,
        title: t("OUT_OF_STOCK.title"),
        message: available && available !== "0" ? t("OUT_OF_STOCK.onlyLeft", { available }) : t("OUT_OF_STOCK.message"),
      };
    }
    case "BALANCE_LIMIT":
      return {
        ...base,
        title: t("BALANCE_LIMIT.title"),
        message:
          details.scope === "MEMBER"
            ? t("BALANCE_LIMIT.member", { room: str(details.room) ?? "0", currency: str(details.currency) ?? "" })
            : t("BALANCE_LIMIT.message"),
      };
    case "QUANTITY_LIMIT": {
      const max = new Intl.NumberFormat(locale).format(typeof details.max === "number" ? details.max : 10_000);
      return { ...base, title: t("QUANTITY_LIMIT.title"), message: t("QUANTITY_LIMIT.message", { max }) };
    }
    case "CURRENCY_MISMATCH":
    case "MERCHANT_MISMATCH":
      return { ...base, title: t("SPLIT_ORDER.title"), message: t("SPLIT_ORDER.message") };
    case "UNAUTHORIZED":
      return {
        ...base,
        title: t("UNAUTHORIZED.title"),
        message: t("UNAUTHORIZED.message"),
        action: { label: t("UNAUTHORIZED.action"), href: "/login" },
      };
    case "EMAIL_TAKEN":
      return {
        ...base,
        title: t("EMAIL_TAKEN.title"),
        message: t("EMAIL_TAKEN.message"),
        action: { label: t("EMAIL_TAKEN.action"), href: "/login" },
      };
    case "BAD_REQUEST": {
      // zod's field messages come from the API in English; the forms show their own first.
      const first = data?.fields?.[0]?.message;
      return { ...base, title: t("BAD_REQUEST.title"), message: first ?? t("BAD_REQUEST.message") };
    }
    case "UNKNOWN":
    case "INTERNAL":
      return { ...base, title: t("UNKNOWN.title"), message: t("UNKNOWN.message") };
    default:
      if (isWorded(code)) return { ...base, title: t(`${code}.title`), message: t(`${code}.message`) };
      return { ...base, title: t("fallbackTitle"), message: errorMessage(code, locale) };
  }
}

/** The sign-in page's message for next-auth's `error` code (the mapping is @trade/api/client's). */
export function signInErrorMessage(code: string | null | undefined, t: AuthT): string | null {
  const key = signInErrorKey(code);
  return key && t(key);
}
