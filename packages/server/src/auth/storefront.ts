import type { AppServerEnv } from "../app-env.ts";
import type { AuthConfig } from "./next-auth.ts";

/**
 * The storefront's session-cookie settings: the storefront (apps/web, its Next side and its
 * server) and the payment service (apps/payment, which serves `order.pay` behind the same host)
 * read the same cookie with the same key, so a signed-in buyer pays with the session they have.
 */
export function storefrontAuthConfig(
  env: Pick<AppServerEnv, "AUTH_SECRET" | "NEXTAUTH_URL">,
): Pick<AuthConfig, "secret" | "cookiePrefix" | "secureCookies"> {
  return {
    secret: env.AUTH_SECRET,
    cookiePrefix: "trade",
    secureCookies: (env.NEXTAUTH_URL ?? "").startsWith("https://"),
  };
}

/** Origins allowed to send the storefront's cookie-authenticated mutations (CSRF). */
export function storefrontOrigins(env: Pick<AppServerEnv, "NEXTAUTH_URL">): string[] {
  const origin = new URL(env.NEXTAUTH_URL ?? "http://localhost:3000").origin;
  return [origin, "http://localhost:3000", "http://127.0.0.1:3000"];
}
