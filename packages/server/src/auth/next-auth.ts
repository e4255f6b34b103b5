import type { Role, UserStatus } from "@trade/db";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { createHmac } from "node:crypto";
import { getToken } from "next-auth/jwt";
import { parseCookie } from "cookie";
import { authenticate, CLIENT_IP_HEADER, DomainError, type AppDeps } from "@trade/api";

declare module "next-auth" {
  interface Session {
    /** Read from the database on every session read (pages, getServerSession), not from the JWT. */
    user: { id: number; role: Role; status: UserStatus; name: string; email: string };
  }
  interface User {
    role: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    role?: Role;
  }
}

export interface AuthConfig {
  deps: AppDeps;
  secret: string;
  /** Roles allowed to sign in to this app (the admin admits merchants and operators only). */
  roles: Role[];
  /** Distinct cookie names per app: web and admin share a host, and cookies ignore ports. */
  cookiePrefix: string;
  /** Cookie path (the admin lives under /admin). */
  cookiePath?: string;
  signInPage: string;
  secureCookies: boolean;
}

/**
 * The key an app's session JWTs are sealed with: derived from AUTH_SECRET and the app's cookie
 * prefix, so a storefront session is not an admin session. Web and admin share AUTH_SECRET (one
 * secret to deploy) and a host; with one key, a storefront cookie copied under the admin's
 * cookie name would be a valid admin session (the role checks would still hold, but the admin
 * must not even see a storefront sign-in).
 */
export function sessionSecret(config: Pick<AuthConfig, "secret" | "cookiePrefix">): string {
  return createHmac("sha256", config.secret).update(`trade session key: ${config.cookiePrefix}`).digest("base64url");
}

export function sessionCookieName(config: Pick<AuthConfig, "cookiePrefix" | "secureCookies">): string {
  return `${config.secureCookies ? "__Secure-" : ""}${config.cookiePrefix}.session-token`;
}

/**
 * next-auth (credentials + JWT sessions) over the member service: the password check, rate
 * limits and login records are the same as the API's `auth.issueToken`. Errors reach the
 * sign-in page as stable codes (INVALID_CREDENTIALS, RATE_LIMITED).
 */
export function createAuthOptions(config: AuthConfig): NextAuthOptions {
  const cookieOptions = {
    httpOnly: true,
    sameSite: "lax" as const,
    path: config.cookiePath ?? "/",
    secure: config.secureCookies,
  };
  return {
    secret: sessionSecret(config),
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: config.signInPage, error: config.signInPage },
    cookies: {
      sessionToken: { name: sessionCookieName(config), options: cookieOptions },
      callbackUrl: { name: `${config.cookiePrefix}.callback-url`, options: cookieOptions },
      csrfToken: { name: `${config.cookiePrefix}.csrf-token`, options: cookieOptions },
    },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          // Set by the app server from the socket (and TRUSTED_PROXIES), never taken from the client.
          const ip = headers[CLIENT_IP_HEADER] ?? "local";
          try {
            const user = await authenticate(config.deps.db, config.deps.limiters, {
              email: credentials?.email ?? "",
              password: credentials?.password ?? "",
              ip,
            });
            if (!config.roles.includes(user.role)) throw new Error("FORBIDDEN");
            return { id: String(user.id), email: user.email, name: user.name, role: user.role };
          } catch (error) {
            if (error instanceof DomainError) throw new Error(error.code);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.role = user.role;
        }
        return token;
      },
      /**
       * Every page's session comes from here, so the user row is read on every request: a role
       * change or a freeze shows on the next page, not when the 7-day JWT expires. A user who is
       * gone or whose role this app no longer admits (a merchant made member, in the admin) is
       * signed out: throwing makes next-auth answer "no session" and clear the cookie.
       */
      async session({ session, token }) {
        const user =
          token.uid === undefined
            ? null
            : await config.deps.db.user.findUnique({
                where: { id: token.uid },
                select: { id: true, role: true, status: true, name: true, email: true },
              });
        if (!user || !config.roles.includes(user.role)) throw new SessionRevoked();
        session.user = user;
        return session;
      },
    },
    logger: {
      // A revoked or expired session is an expected outcome, not an error worth a stack trace.
      error(code, metadata) {
        const expected =
          metadata instanceof SessionRevoked || (metadata instanceof Error && metadata.name === "JWTExpired");
        if (code === "JWT_SESSION_ERROR" && expected) return;
        console.error(
          JSON.stringify({
            level: "error",
            event: `next-auth.${code}`,
            error: metadata instanceof Error ? metadata.message : JSON.stringify(metadata),
          }),
        );
      },
    },
  };
}

/** The session's user is gone or no longer admitted by this app. */
class SessionRevoked extends Error {
  constructor() {
    super("session revoked: the user's role or account changed");
  }
}

/** The signed-in user's id from the session cookie in a request's headers, or null. */
export async function sessionUserIdFrom(
  headers: Headers,
  config: Pick<AuthConfig, "secret" | "cookiePrefix" | "secureCookies">,
): Promise<number | null> {
  const cookieHeader = headers.get("cookie");
  if (!cookieHeader) return null;
  // next-auth reads cookies from `req.cookies` (a Map will do) and nothing else from the request
  // but the authorization header, which it must NOT see: a bearer token is not a session JWT.
  const cookies = new Map(
    Object.entries(parseCookie(cookieHeader)).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const req = { cookies, headers: new Headers() } as unknown as Parameters<typeof getToken>[0]["req"];
  const token = await getToken({
    req,
    secret: sessionSecret(config),
    cookieName: sessionCookieName(config),
    secureCookie: config.secureCookies,
  });
  return typeof token?.uid === "number" ? token.uid : null;
}

export { storefrontAuthConfig, storefrontOrigins } from "./storefront.ts";
export { nextAuthRoute } from "./route.ts";
