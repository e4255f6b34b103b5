import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTrpcHandler, type AppDeps } from "@trade/api";
import { createTestApp, type TestApp, type TestUser } from "@trade/api/testing";
import { parseAppServerEnv } from "@trade/server/app-env";
import { createAuthOptions, sessionCookieName, sessionUserIdFrom } from "@trade/server/auth";
import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authConfig, depsOptions } from "./config.ts";

const SECRET = "a-test-auth-secret-of-at-least-32-characters";
const ADMIN = "http://localhost:3001";
const STOREFRONT = "http://localhost:3000";

let app: TestApp;
let server: Server;
let base: string;
let deps: AppDeps;
let merchant: TestUser;
const env = () => parseAppServerEnv({ DATABASE_URL: app.url, AUTH_SECRET: SECRET });

/**
 * The admin's API exactly as its server.ts wires it (config.ts's cookie settings and allowed
 * origins, the /admin/api/trpc endpoint, next-auth's cookie read by sessionUserIdFrom) on a
 * plain HTTP server, over the test database.
 */
beforeAll(async () => {
  app = await createTestApp();
  merchant = await app.user("MERCHANT");
  deps = { ...app.deps, allowedOrigins: depsOptions(env()).allowedOrigins };
  const auth = authConfig(env());
  server = createServer(
    createTrpcHandler({
      endpoint: "/admin/api/trpc",
      deps,
      sessionUserId: (headers) => sessionUserIdFrom(headers, auth),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/api/trpc`;
});
afterAll(async () => {
  server?.close();
  await app?.close();
});

/**
 * next-auth's own Node (pages API) handler with the admin's options, on a real HTTP server: the
 * credentials provider, its CSRF double-submit cookie, then the callback that sets the session.
 */
async function startAuthServer(): Promise<{ url: string; close(): void }> {
  const options = createAuthOptions({
    ...authConfig(env()),
    deps,
    roles: ["MERCHANT", "OPERATOR"],
    signInPage: "/admin/login",
  });
  const auth = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      // What Next.js's API routes give a pages handler: parsed query, body and cookies, and
      // the status/json/send helpers on the response.
      const apiReq = Object.assign(req, {
        query: { ...Object.fromEntries(url.searchParams), nextauth: url.pathname.split("/").slice(4) },
        body: Object.fromEntries(new URLSearchParams(raw)),
        cookies: Object.fromEntries(
          (req.headers.cookie ?? "")
            .split(";")
            .filter((c) => c.includes("="))
            .map((c) => [c.slice(0, c.indexOf("=")).trim(), decodeURIComponent(c.slice(c.indexOf("=") + 1).trim())]),
        ),
      });
      const apiRes = Object.assign(res, {
        status: (code: number) => ((res.statusCode = code), apiRes),
        json: (value: unknown) => (res.setHeader("content-type", "application/json"), res.end(JSON.stringify(value))),
        send: (value: unknown) =>
          typeof value === "string"
            ? res.end(value)
            : (res.setHeader("content-type", "application/json"), res.end(JSON.stringify(value))),
      });
      void NextAuth(apiReq as unknown as NextApiRequest, apiRes as unknown as NextApiResponse, options);
    });
  });
  await new Promise<void>((resolve) => auth.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(auth.address() as AddressInfo).port}/admin/api/auth`, close: () => auth.close() };
}

/** Signs in as a browser would; returns the session cookie from the response's Set-Cookie. */
async function signIn(email: string, password: string): Promise<{ pair: string; attributes: string } | null> {
  const auth = await startAuthServer();
  try {
    const csrf = await fetch(`${auth.url}/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
    const callback = await fetch(`${auth.url}/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.join("; ") },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
    });
    const name = sessionCookieName(authConfig(env()));
    const session = callback.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    if (!session) return null;
    const [pair = "", ...attributes] = session.split(";");
    return { pair, attributes: attributes.join(";") };
  } finally {
    auth.close();
  }
}

async function call(path: string, init: { cookie?: string; origin?: string; body?: unknown }) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.origin) headers.origin = init.origin;
  const response =
    init.body === undefined
      ? await fetch(`${base}/${path}`, { headers })
      : await fetch(`${base}/${path}`, { method: "POST", headers, body: JSON.stringify({ json: init.body }) });
  const body = (await response.json()) as {
    result?: { data: { json: Record<string, unknown> } };
    error?: { json: { data: { domainCode?: string; httpStatus: number } } };
  };
  return { status: response.status, data: body.result?.data.json, code: body.error?.json.data.domainCode };
}

describe("the admin's API with a real next-auth session cookie", () => {
  it("parses the session through tRPC; accepts mutations from the admin's origins only", async () => {
    const session = await signIn(merchant.email, "correct-horse-battery");
    if (!session) throw new Error("the merchant could not sign in");
    expect(session.pair).toMatch(/^trade-admin\.session-token=[\w-]+\./);
    expect(session.attributes).toMatch(/Path=\/admin/);
    expect(session.attributes).toMatch(/HttpOnly/);
    expect(session.attributes).toMatch(/SameSite=Lax/);
    const cookie = session.pair;

    // A query: the session resolved to the merchant, through the tRPC context.
    const me = await call("auth.me", { cookie });
    expect(me).toMatchObject({ status: 200, data: { id: merchant.id, role: "MERCHANT" } });

    const product = (title: string) => ({ title, description: "Made for the CSRF test" });
    for (const origin of [ADMIN, "http://127.0.0.1:3001"]) {
      const created = await call("merchant.products.create", { cookie, origin, body: product(`From ${origin}`) });
      expect(created.status, JSON.stringify(created)).toBe(200);
    }

    // The storefront's origin is another site as far as the admin is concerned; so is none.
    const fromStorefront = await call("merchant.products.create", {
      cookie,
      origin: STOREFRONT,
      body: product("From the storefront"),
    });
    expect(fromStorefront).toMatchObject({ status: 403, code: "CSRF_REJECTED" });
    const noOrigin = await call("merchant.products.create", { cookie, body: product("No origin") });
    expect(noOrigin).toMatchObject({ status: 403, code: "CSRF_REJECTED" });
    const evil = await call("merchant.products.create", { cookie, origin: "https://evil.example", body: product("x") });
    expect(evil).toMatchObject({ status: 403, code: "CSRF_REJECTED" });

    const titles = (await app.db.product.findMany({ where: { merchantId: merchant.id }, select: { title: true } }))
      .map((p) => p.title)
      .sort();
    expect(titles).toEqual(["From http://127.0.0.1:3001", `From ${ADMIN}`]);
  });

  it("a storefront session, a forged cookie or a member's sign-in is no admin session", async () => {
    // The storefront's cookie (same secret, its own name) is not read by the admin.
    const storefrontJwt = await encode({ token: { uid: merchant.id, role: "MERCHANT" }, secret: SECRET });
    const storefront = await call("auth.me", { cookie: `trade.session-token=${storefrontJwt}` });
    expect(storefront).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    const forged = await call("auth.me", { cookie: "trade-admin.session-token=eyJhbGciOiJub25lIn0.e30." });
    expect(forged).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    const member = await app.user("MEMBER");
    // The admin signs in merchants and operators only: a member gets no session at all.
    expect(await signIn(member.email, "correct-horse-battery")).toBeNull();
    expect(await signIn(merchant.email, "a wrong passphrase")).toBeNull();
  });
});
