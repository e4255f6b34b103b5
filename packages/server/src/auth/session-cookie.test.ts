import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionCookieName, sessionSecret, sessionUserIdFrom } from "./next-auth.ts";

const config = { secret: "a-session-secret-of-at-least-32-characters", cookiePrefix: "trade", secureCookies: false };
const name = sessionCookieName(config);

/** The session JWT exactly as next-auth writes it for a signed-in user of the app `prefix`. */
function jwtFor(uid: number, secret = config.secret, prefix = config.cookiePrefix) {
  return encode({
    token: { uid, role: "MEMBER", name: "Ann", email: "ann@example.com" },
    secret: sessionSecret({ secret, cookiePrefix: prefix }),
  });
}

describe("sessionUserIdFrom (the app servers read next-auth's cookie from request headers)", () => {
  it("returns the user id of a valid session cookie among other cookies", async () => {
    const headers = new Headers({ cookie: `theme=dark; ${name}=${await jwtFor(42)}; other=1` });
    expect(await sessionUserIdFrom(headers, config)).toBe(42);
  });

  it("reassembles a session cookie next-auth split into chunks", async () => {
    const jwt = await jwtFor(7);
    const half = Math.floor(jwt.length / 2);
    const headers = new Headers({ cookie: `${name}.1=${jwt.slice(half)}; ${name}.0=${jwt.slice(0, half)}` });
    expect(await sessionUserIdFrom(headers, config)).toBe(7);
  });

  it("refuses a cookie signed with another secret, a forged value, another app's cookie, or none", async () => {
    expect(
      await sessionUserIdFrom(
        new Headers({ cookie: `${name}=${await jwtFor(42, "another-secret-another-secret-another")}` }),
        config,
      ),
    ).toBeNull();
    expect(await sessionUserIdFrom(new Headers({ cookie: `${name}=not-a-jwt` }), config)).toBeNull();
    const admin = sessionCookieName({ cookiePrefix: "trade-admin", secureCookies: false });
    expect(await sessionUserIdFrom(new Headers({ cookie: `${admin}=${await jwtFor(42)}` }), config)).toBeNull();
    expect(await sessionUserIdFrom(new Headers(), config)).toBeNull();
  });

  it("refuses a storefront session presented to the admin under the admin's cookie name (same AUTH_SECRET)", async () => {
    const admin = { ...config, cookiePrefix: "trade-admin" };
    const adminName = sessionCookieName(admin);
    const storefrontJwt = await jwtFor(42);
    expect(await sessionUserIdFrom(new Headers({ cookie: `${name}=${storefrontJwt}` }), config)).toBe(42);
    expect(await sessionUserIdFrom(new Headers({ cookie: `${adminName}=${storefrontJwt}` }), admin)).toBeNull();
    const adminJwt = await jwtFor(7, config.secret, "trade-admin");
    expect(await sessionUserIdFrom(new Headers({ cookie: `${adminName}=${adminJwt}` }), admin)).toBe(7);
    expect(await sessionUserIdFrom(new Headers({ cookie: `${name}=${adminJwt}` }), config)).toBeNull();
  });

  it("never takes a bearer token for a session (tokens are resolved by the API context)", async () => {
    const headers = new Headers({ authorization: `Bearer ${await jwtFor(42)}` });
    expect(await sessionUserIdFrom(headers, config)).toBeNull();
  });
});
