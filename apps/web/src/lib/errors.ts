import { apiErrorOf, type ErrorCode } from "@trade/api/client";
import { decimalsOf, formatMoney } from "@trade/api/money";
import { TRPCClientError } from "@trpc/client";

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

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/**
 * Turns an API failure into words a customer understands, from the stable domain code (never
 * from the raw message of an unknown error).
 */
export function describeError(error: unknown, locale?: string): HumanError {
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
        amount && currency ? formatMoney(amount, currency, scale, locale ?? "en-US") : "";
      const required = fmt(str(details.required));
      const available = fmt(str(details.available));
      return {
        ...base,
        title: "Not enough money in your wallet",
        message:
          required && available
            ? `This costs ${required}, but you have ${available} available in ${currency}.`
            : "Your available balance is too low for this.",
        action:
          currency && missing
            ? {
                label: `Deposit ${fmt(missing)}`,
                href: `/wallet?deposit=${encodeURIComponent(currency)}&amount=${encodeURIComponent(missing)}`,
              }
            : { label: "Go to your wallet", href: "/wallet" },
      };
    }
    case "OUT_OF_STOCK": {
      const available = str(details.available);
      return {
        ...base,
        title: "Sold out",
        message:
          available && available !== "0"
            ? `Only ${available} left of this item. Lower the quantity and try again.`
            : "This item just sold out. Nothing was charged.",
      };
    }
    case "NOT_LISTED":
      return {
        ...base,
        title: "No longer for sale",
        message: "The seller has taken this item off sale. Remove it from your cart to continue.",
      };
    case "ORDER_EXPIRED":
      return {
        ...base,
        title: "This order expired",
        message: "The time to pay ran out, so the order was closed and the held money went back to your wallet.",
      };
    case "ORDER_NOT_PAYABLE":
      return {
        ...base,
        title: "This order can't be paid",
        message: "It was already cancelled or closed. Nothing was charged.",
      };
    case "ORDER_NOT_CANCELLABLE":
      return { ...base, title: "This order can't be cancelled", message: "It has already been paid." };
    case "ACCOUNT_FROZEN":
      return {
        ...base,
        title: "Your account is frozen",
        message: "You can't buy, pay or withdraw while your account is frozen. Please contact support.",
      };
    case "RATE_LIMITED":
      return { ...base, title: "Too many attempts", message: "Please wait a minute and try again." };
    case "IDEMPOTENCY_CONFLICT":
      return {
        ...base,
        title: "Request already used",
        message: "This request was already sent with different details. Reload the page and start again.",
      };
    case "IDEMPOTENCY_IN_FLIGHT":
      return {
        ...base,
        title: "Still working on it",
        message: "Your previous request is still being processed. Wait a moment and try again; it won't be done twice.",
      };
    case "INVALID_AMOUNT":
      return {
        ...base,
        title: "Check the amount",
        message: "Enter a positive amount with no more decimals than the currency allows (none for JPY).",
      };
    case "UNKNOWN_CURRENCY":
      return { ...base, title: "Currency not supported", message: "Choose one of the currencies listed." };
    case "CURRENCY_INACTIVE":
      return {
        ...base,
        title: "Currency switched off",
        message: "This currency no longer takes new orders or deposits. Money you hold in it can still be withdrawn.",
      };
    case "BALANCE_LIMIT":
      return {
        ...base,
        title: "Deposit too large",
        message:
          details.scope === "MEMBER"
            ? `This account can take at most ${str(details.room) ?? "0"} ${str(details.currency) ?? ""} more.`
            : "This deposit cannot be accepted now. Try a smaller amount or contact support.",
      };
    case "QUANTITY_LIMIT":
      return {
        ...base,
        title: "Too many of one item",
        message: `One order can hold at most ${typeof details.max === "number" ? details.max.toLocaleString("en") : "10,000"} units of one item.`,
      };
    case "CURRENCY_MISMATCH":
    case "MERCHANT_MISMATCH":
      return {
        ...base,
        title: "Split your order",
        message: "One order can only contain items from one shop in one currency.",
      };
    case "UNAUTHORIZED":
      return {
        ...base,
        title: "Please sign in",
        message: "Your session has ended. Sign in again to continue.",
        action: { label: "Sign in", href: "/login" },
      };
    case "INVALID_CREDENTIALS":
      return { ...base, title: "Wrong email or password", message: "Check them and try again." };
    case "EMAIL_TAKEN":
      return {
        ...base,
        title: "Email already registered",
        message: "An account with this email already exists.",
        action: { label: "Sign in instead", href: "/login" },
      };
    case "WEAK_PASSWORD":
      return {
        ...base,
        title: "Choose a stronger password",
        message: "Use at least 8 characters and avoid common passwords.",
      };
    case "FORBIDDEN":
      return { ...base, title: "Not allowed", message: "Your account can't do this." };
    case "CSRF_REJECTED":
      return { ...base, title: "Request refused", message: "Reload the page and try again." };
    case "NOT_FOUND":
      return { ...base, title: "Not found", message: "It may have been removed, or the link is wrong." };
    case "BUSY":
      return {
        ...base,
        title: "The shop is very busy",
        message: "Please try again in a moment. Nothing was charged twice.",
      };
    case "BAD_REQUEST": {
      const first = data?.fields?.[0]?.message;
      return { ...base, title: "Please check your input", message: first ?? "Something in the form isn't valid." };
    }
    case "NETWORK":
      return {
        ...base,
        title: "Can't reach the shop",
        message: "Check your connection and try again. Retrying is safe: nothing is done twice.",
      };
    default:
      return {
        ...base,
        title: "Something went wrong",
        message: "Please try again. If it keeps happening, contact support.",
      };
  }
}

/** Messages for the `?error=` codes next-auth puts on the sign-in page. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  switch (code) {
    case "INVALID_CREDENTIALS":
    case "CredentialsSignin":
      return "The email or password is incorrect.";
    case "RATE_LIMITED":
      return "Too many sign-in attempts. Please wait a minute and try again.";
    case "FORBIDDEN":
      return "This account can't sign in to the shop.";
    case "SessionRequired":
      return "Please sign in to continue.";
    default:
      return "Sign-in failed. Please try again.";
  }
}
