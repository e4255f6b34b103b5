import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Role } from "@trade/db";
import { getServerSession } from "next-auth/next";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthOptions, sessionCookieName, sessionSecret, sessionUserIdFrom } from "../src/auth/next-auth.ts";
import { createTrpcHandler } from "@trade/api";
import { codeOf, createTestApp, type TestApp, type TestUser } from "@trade/api/testing";

const ORIGIN = "http://localhost:3000";
const auth = { secret: "a-session-secret-of-at-least-32-characters", cookiePrefix: "trade", secureCookies: false };
const COOKIE = sessionCookieName(auth);

let app: TestApp;
let server: Server;
let base: string;

/** The app servers' API handler reading next-auth's real session cookie, as apps/web's server does. */
beforeAll(async () => {
  app = await createTestApp({ policy: { maxTokensPerUser: 3 } });
  server = createServer(
    createTrpcHandler({
      endpoint: "/api/trpc",
      deps: app.deps,
      sessionUserId: (headers) => sessionUserIdFrom(headers, auth),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
});
afterAll(async () => {
  server?.close();
  await app?.close();
});

/** The session JWT exactly as next-auth writes it at sign-in (role as it was then). */
function sessionJwt(user: TestUser, maxAge = 3600) {
  return encode({
    token: { uid: user.id, role: user.role, name: "x", email: user.email },
    // Sealed with the app's own session key, as createAuthOptions seals it (one key per app).
    secret: sessionSecret(auth),
    maxAge,
  });
}

type Credentials = { cookie: string } | { token: string };

/** One tRPC call over HTTP; returns the domain code of a failure, or "OK". */
async function wire(path: string, credentials: Credentials, input?: unknown, mutation = false): Promise<string> {
  const headers: Record<string, string> =
    "cookie" in credentials
      ? { cookie: `${COOKIE}=${credentials.cookie}`, origin: ORIGIN }
      : { authorization: `Bearer ${credentials.token}` };
  const response = mutation
    ? await fetch(`${base}/${path}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ json: input ?? null }),
      })
    : await fetch(
        `${base}/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`,
        {
          headers,
        },
      );
  const body = (await response.json()) as { error?: { json: { data: { domainCode: string } } } };
  return body.error ? body.error.json.data.domainCode : "OK";
}

async function tokenFor(user: TestUser, name = "cli"): Promise<string> {
  return (await user.api.auth.createToken({ name })).token;
}

const setRole = (user: TestUser, role: Role) => app.db.user.update({ where: { id: user.id }, data: { role } });

describe("sessions and tokens lose access on the next request", () => {
  it("an expired session cookie is UNAUTHORIZED; a valid one works", async () => {
    const member = await app.user("MEMBER");
    expect(await wire("auth.me", { cookie: await sessionJwt(member) })).toBe("OK");
    expect(await wire("auth.me", { cookie: await sessionJwt(member, -60) })).toBe("UNAUTHORIZED");
  });

  it("an expired or revoked API token is UNAUTHORIZED", async () => {
    const member = await app.user("MEMBER");
    const token = await tokenFor(member);
    expect(await wire("auth.me", { token })).toBe("OK");
    await app.db.apiToken.updateMany({
      where: { userId: member.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await wire("auth.me", { token })).toBe("UNAUTHORIZED");
    const second = await tokenFor(member, "second");
    const [live] = await member.api.auth.tokens();
    await member.api.auth.revokeToken({ tokenId: live!.id });
    expect(await wire("auth.me", { token: second })).toBe("UNAUTHORIZED");
  });

  it("a merchant made member loses the merchant procedures on the next request, by cookie and by token", async () => {
    const merchant = await app.user("MERCHANT");
    const cookie = await sessionJwt(merchant);
    const token = await tokenFor(merchant);
    expect(await wire("merchant.dashboard", { cookie })).toBe("OK");
    expect(await wire("merchant.dashboard", { token })).toBe("OK");
    await setRole(merchant, "MEMBER");
    // The JWT still says MERCHANT; the API reads the role from the database.
    expect(await wire("merchant.dashboard", { cookie })).toBe("FORBIDDEN");
    expect(await wire("merchant.dashboard", { token })).toBe("FORBIDDEN");
    expect(await wire("auth.me", { cookie })).toBe("OK");
  });

  it("a frozen user's next mutation is ACCOUNT_FROZEN, by cookie and by token; reads still work", async () => {
    const member = await app.user("MEMBER");
    const cookie = await sessionJwt(member);
    const token = await tokenFor(member);
    const deposit = (credentials: Credentials) =>
      wire(
        "wallet.deposit",
        credentials,
        { currency: "USD", amount: "1.00", idempotencyKey: `d-${Math.random()}` },
        true,
      );
    expect(await deposit({ cookie })).toBe("OK");
    expect(await deposit({ token })).toBe("OK");
    await app.db.user.update({ where: { id: member.id }, data: { status: "FROZEN" } });
    expect(await deposit({ cookie })).toBe("ACCOUNT_FROZEN");
    expect(await deposit({ token })).toBe("ACCOUNT_FROZEN");
    expect(await wire("wallet.accounts", { token })).toBe("OK");
  });
});

describe("pages: the session next-auth gives server components is read from the database", () => {
  /** getServerSession as a page calls it, with a real session cookie (the request/response form). */
  async function pageSession(roles: Role[], jwt: string) {
    const options = createAuthOptions({ ...auth, deps: app.deps, roles, signInPage: "/login" });
    const cleared: string[] = [];
    const res = {
      getHeader: () => undefined,
      setHeader: (name: string, value: string | string[]) => {
        if (name.toLowerCase() === "set-cookie")
          cleared.push(...[value].flat().filter((c) => /Max-Age=0|expires=Thu, 01 Jan 1970/i.test(c)));
      },
      setCookie: () => undefined,
    };
    const req = { headers: { host: "localhost:3000" }, cookies: { [COOKIE]: jwt } };
    const session = await getServerSession(req as never, res as never, options);
    return { session, cleared };
  }
  const ADMIN: Role[] = ["MERCHANT", "OPERATOR"];
  const WEB: Role[] = ["MEMBER", "MERCHANT", "OPERATOR"];

  it("a demoted merchant is signed out of the admin on the next page, and is a member on the storefront", async () => {
    const merchant = await app.user("MERCHANT");
    const jwt = await sessionJwt(merchant);
    expect((await pageSession(ADMIN, jwt)).session?.user).toMatchObject({ id: merchant.id, role: "MERCHANT" });
    await setRole(merchant, "MEMBER");
    const admin = await pageSession(ADMIN, jwt);
    expect(admin.session).toBeNull();
    expect(admin.cleared.length).toBeGreaterThan(0); // and the cookie is cleared
    expect((await pageSession(WEB, jwt)).session?.user).toMatchObject({ id: merchant.id, role: "MEMBER" });
  });

  it("a frozen user's pages see the freeze at once; an expired session is no session", async () => {
    const operator = await app.user("OPERATOR");
    const jwt = await sessionJwt(operator);
    expect((await pageSession(ADMIN, jwt)).session?.user.status).toBe("ACTIVE");
    await app.db.user.update({ where: { id: operator.id }, data: { status: "FROZEN" } });
    expect((await pageSession(ADMIN, jwt)).session?.user).toMatchObject({ role: "OPERATOR", status: "FROZEN" });
    expect((await pageSession(ADMIN, await sessionJwt(operator, -60))).session).toBeNull();
  });
});

describe("API tokens: who may mint them, and how many", () => {
  it("a token cannot mint tokens (FORBIDDEN); a session can, up to the cap (TOKEN_LIMIT); revoking frees room", async () => {
    const member = await app.user("MEMBER");
    const token = await tokenFor(member, "one");
    expect(await wire("auth.createToken", { token }, { name: "child" }, true)).toBe("FORBIDDEN");
    await tokenFor(member, "two");
    await tokenFor(member, "three");
    expect(await codeOf(member.api.auth.createToken({ name: "four" }))).toBe("TOKEN_LIMIT");
    // Expired tokens do not count.
    const [newest] = await member.api.auth.tokens();
    await app.db.apiToken.update({ where: { id: newest!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await tokenFor(member, "four");
    const [latest] = await member.api.auth.tokens();
    await member.api.auth.revokeToken({ tokenId: latest!.id });
    await tokenFor(member, "five");
    expect(await app.db.apiToken.count({ where: { userId: member.id } })).toBe(5);
  });

  it("concurrent requests cannot slip past the cap", async () => {
    const member = await app.user("MEMBER");
    const codes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => codeOf(member.api.auth.createToken({ name: `t${i}` }))),
    );
    expect(codes.filter((c) => c === "RESOLVED")).toHaveLength(3);
    expect(codes.filter((c) => c === "TOKEN_LIMIT")).toHaveLength(7);
  });

  it("nobody frozen can mint a token: not with a password, not with a session; revoking stays allowed", async () => {
    const member = await app.user("MEMBER");
    const token = await member.api.auth.createToken({ name: "before" });
    await app.db.user.update({ where: { id: member.id }, data: { status: "FROZEN" } });
    expect(
      await codeOf(app.anon.auth.issueToken({ email: member.email, password: "correct-horse-battery", name: "x" })),
    ).toBe("ACCOUNT_FROZEN");
    expect(await codeOf(member.api.auth.createToken({ name: "after" }))).toBe("ACCOUNT_FROZEN");
    expect(await member.api.auth.revokeToken({ tokenId: token.id })).toEqual({ id: token.id });
    expect(await app.db.apiToken.count({ where: { userId: member.id } })).toBe(1);
  });
});
