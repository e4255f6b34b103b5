import "server-only";
import { createAuthOptions } from "@trade/server/auth";
import { getServerSession } from "next-auth";
import { serverEnv } from "../env";
import { authConfig } from "./config";
import { deps } from "./deps";

export function authOptions() {
  return createAuthOptions({
    ...authConfig(serverEnv()),
    deps: deps(),
    roles: ["MEMBER", "MERCHANT", "OPERATOR"],
    signInPage: "/login",
  });
}

/** The session in server components (null when signed out). */
export function getSession() {
  return getServerSession(authOptions());
}
