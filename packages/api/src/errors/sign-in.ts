import type { ErrorCode } from "./catalogue.ts";

/**
 * The sign-in page's reading of the `error` code next-auth hands back (`?error=` on the page, or
 * `signIn()`'s result): the domain code the credentials check threw (packages/server's
 * next-auth.ts rethrows a DomainError as its code) or one of next-auth's own. Both apps word it
 * under these keys of their login messages, so the mapping lives once, here, typed by the
 * catalogue: a code renamed there fails to compile here.
 */
export const signInErrorKeys = [
  "errorCredentials",
  "errorRateLimited",
  "errorForbidden",
  "errorFrozen",
  "errorSessionRequired",
  "errorDefault",
] as const;
export type SignInErrorKey = (typeof signInErrorKeys)[number];

const byCode: Partial<Record<ErrorCode | "CredentialsSignin" | "SessionRequired", SignInErrorKey>> = {
  INVALID_CREDENTIALS: "errorCredentials",
  // next-auth's own code for a credentials check that failed without saying why.
  CredentialsSignin: "errorCredentials",
  RATE_LIMITED: "errorRateLimited",
  FORBIDDEN: "errorForbidden",
  ACCOUNT_FROZEN: "errorFrozen",
  // next-auth's code when a page required a session.
  SessionRequired: "errorSessionRequired",
};

/** The message key for a sign-in error code; null when there is no error. */
export function signInErrorKey(code: string | null | undefined): SignInErrorKey | null {
  if (!code) return null;
  return (Object.hasOwn(byCode, code) ? byCode[code as keyof typeof byCode] : undefined) ?? "errorDefault";
}
