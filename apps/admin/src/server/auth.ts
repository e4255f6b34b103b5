import "server-only";
import { createAuthOptions } from "@trade/server/auth";
import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { serverEnv } from "../env";
import { authConfig } from "./config";
import { deps } from "./deps";

export type Role = Session["user"]["role"];

/** Only merchants and operators may sign in to the admin; members get FORBIDDEN. */
const ADMIN_ROLES: Role[] = ["MERCHANT", "OPERATOR"];

export function authOptions() {
  return createAuthOptions({
    ...authConfig(serverEnv()),
    deps: deps(),
    roles: ADMIN_ROLES,
    signInPage: "/admin/login",
  });
}

/** The session in server components (null when signed out). */
export async function getSession() {
  const session = await getServerSession(authOptions());
  return session?.user ? session : null;
}

/** Home of each role: where `/` and a wrong-role page send a signed-in user. */
export function homeOf(role: Role): string {
  return role === "OPERATOR" ? "/ops/currencies" : "/dashboard";
}

/**
 * Gate for a section of the admin: signed out -> the sign-in page; signed in with another role
 * -> that role's home. The API checks roles again on every call; this only picks the pages.
 */
export async function requireRole(role: Role, from: string) {
  const session = await getSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(from)}`);
  if (session.user.role !== role) redirect(homeOf(session.user.role));
  return session.user;
}
