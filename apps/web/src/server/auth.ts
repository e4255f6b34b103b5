import "server-only";
import { createAuthOptions, sessionUserIdFrom } from "@trade/api/auth";
import { getServerSession } from "next-auth";
import { serverEnv } from "../env";
import { deps } from "./deps";

function authConfig() {
  const env = serverEnv();
  return {
    secret: env.AUTH_SECRET,
    cookiePrefix: "trade",
    secureCookies: (env.NEXTAUTH_URL ?? "").startsWith("https://"),
  };
}

export function authOptions() {
  return createAuthOptions({ ...authConfig(), deps: deps(), roles: ["MEMBER", "MERCHANT", "OPERATOR"], signInPage: "/login" });
}

export function sessionUserId(request: Request) {
  return sessionUserIdFrom(request, authConfig());
}

/** The session in server components (null when signed out). */
export function getSession() {
  return getServerSession(authOptions());
}
