import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, pageSecurity } from "./security-headers.ts";

const page = (url: string, headers: Record<string, string> = {}) =>
  pageSecurity(new URL(url), new Headers(headers), false);

describe("page security headers", () => {
  it("gives every request its own nonce, on the request (for Next) and in the response policy", () => {
    const a = page("http://localhost:3000/");
    const b = page("http://localhost:3000/");
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a.requestHeaders.get("x-nonce")).toBe(a.nonce);
    expect(a.requestHeaders.get("content-security-policy")).toBe(a.responseHeaders["Content-Security-Policy"]);
    expect(a.responseHeaders["Content-Security-Policy"]).toContain(
      `script-src 'self' 'nonce-${a.nonce}' 'strict-dynamic';`,
    );
  });

  it("allows no inline or eval'd script in production, and no framing", () => {
    const policy = contentSecurityPolicy("n0nce", { dev: false, https: false });
    const script = policy.split("; ").find((d) => d.startsWith("script-src "));
    expect(script).toBe("script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it("sends HSTS and upgrades only over https (directly or per X-Forwarded-Proto)", () => {
    const plain = page("http://localhost:3000/");
    expect(plain.responseHeaders["Strict-Transport-Security"]).toBeUndefined();
    expect(plain.responseHeaders).toMatchObject({
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Content-Type-Options": "nosniff",
    });
    for (const secure of [
      page("https://shop.example/"),
      page("http://10.0.0.5/", { "x-forwarded-proto": "https, http" }),
    ]) {
      expect(secure.responseHeaders["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
      expect(secure.responseHeaders["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    }
  });
});
