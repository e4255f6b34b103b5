import { apiErrorOf, type ErrorCode } from "@trade/api/client";

/**
 * Readable messages from API errors. Every API error carries a stable `domainCode` (see
 * packages/api/src/errors/catalogue.ts), read by @trade/api/client; the server's message is
 * already safe to show, and a few codes get wording (and numbers from `details`) that fit the
 * admin better.
 */
type Wording = (details: Record<string, unknown>, serverMessage: string) => string;

const ADMIN_WORDING: Partial<Record<ErrorCode, Wording>> = {
  STOCK_LIMIT: (d) =>
    `Refused: a SKU can hold at most ${typeof d.max === "number" ? d.max.toLocaleString("en") : "1,000,000,000"} units in all (in stock, held by unpaid orders and sold).`,
  STOCK_BELOW_LOCKED: (d) =>
    typeof d.available === "number"
      ? `Refused: only ${d.available} unit(s) are in stock and free to remove. Units held by unpaid orders cannot be removed until those orders are paid or expire.`
      : "Refused: stock cannot go below what unpaid orders hold.",
  CODE_TAKEN: (d) =>
    `The SKU code ${typeof d.code === "string" ? `"${d.code}" ` : ""}is already used by another of your SKUs.`,
  CURRENCY_EXISTS: (d) => `The currency ${typeof d.code === "string" ? d.code : ""} already exists.`.replace("  ", " "),
  NOT_FOUND: (d) =>
    `This ${typeof d.resource === "string" ? d.resource : "item"} was not found. It may have been removed.`,
  WITHDRAWAL_NOT_PENDING: () =>
    "This withdrawal was already decided (by another operator or a moment ago). The list has been refreshed.",
  UNAUTHORIZED: () => "Your session has ended. Please sign in again.",
  CSRF_REJECTED: () =>
    "The request was refused because it did not come from the admin site. Reload the page and try again.",
  RATE_LIMITED: () => "Too many attempts. Please wait a minute and try again.",
  UNKNOWN_CURRENCY: (d) =>
    `The currency ${typeof d.currency === "string" ? d.currency : ""} is not supported or is switched off.`.replace(
      "  ",
      " ",
    ),
};

/** The message to show for a failed call. */
export function errorMessage(error: unknown): string {
  if (!error) return "";
  const data = apiErrorOf(error);
  const serverMessage = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  if (!data?.domainCode) {
    // No tRPC shape: the request never reached the API (offline, server restarting).
    return /fetch|network|load failed/i.test(serverMessage)
      ? "Could not reach the server. Check your connection and try again."
      : serverMessage || "Something went wrong.";
  }
  const wording = ADMIN_WORDING[data.domainCode];
  return wording ? wording(data.details, serverMessage) : serverMessage;
}

/** Messages for the sign-in page, keyed by the `error` code next-auth passes along. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  switch (code) {
    case null:
    case undefined:
    case "":
      return null;
    case "INVALID_CREDENTIALS":
    case "CredentialsSignin":
      return "The email or password is incorrect.";
    case "RATE_LIMITED":
      return "Too many sign-in attempts. Please wait a few minutes and try again.";
    case "FORBIDDEN":
      return "This account cannot use the admin: it is for merchants and operators. Shoppers sign in on the storefront.";
    case "ACCOUNT_FROZEN":
      return "This account is frozen. Contact support.";
    case "SessionRequired":
      return "Please sign in to continue.";
    default:
      return "Sign-in failed. Please try again.";
  }
}
