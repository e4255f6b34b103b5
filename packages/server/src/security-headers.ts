/**
 * The browser-facing security headers of both apps, applied to every page by each app's
 * `src/proxy.ts` (Next.js 16's middleware). No imports: the proxy bundle stays small.
 *
 * The Content-Security-Policy is nonce-based, as Next 16's CSP guide describes: the proxy makes a
 * fresh nonce per request and puts the policy on the *request* too, where Next finds the nonce
 * and stamps it on every script it injects (the runtime, page chunks, the inline flight data).
 * That needs pages rendered per request, which both root layouts already are (`connection()`).
 * `'strict-dynamic'` lets those trusted scripts load the chunks they import.
 */

export interface PageSecurityOptions {
  /** Next dev server: React needs eval for its error overlays, and HMR injects styles. */
  dev: boolean;
  /** Served over https (directly or behind a proxy that says so): adds HSTS and upgrades. */
  https: boolean;
}

/** 128 random bits, base64: unguessable, and valid in a `'nonce-…'` source. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, options: PageSecurityOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${options.dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    // React renders `style={…}` props as attributes (progress bars, placeholder colours); an
    // attribute cannot carry a nonce, and it cannot run script either.
    "style-src-attr 'unsafe-inline'",
    // Merchants' product images may live on any https host; the seeded ones are data: URLs.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers every response of the apps carries, pages or not. */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  return {
    // frame-ancestors says the same to current browsers; this is for the older ones.
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    // Only over https: browsers ignore it on http, and a local http origin must stay usable.
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * Whether the request reached us over https: the URL itself, or the first proxy's
 * X-Forwarded-Proto. A forged value only adds headers a plain-http browser ignores.
 */
export function isHttps(url: URL, headers: Headers): boolean {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return url.protocol === "https:" || forwarded === "https";
}

/**
 * For a page request: the request headers to render it with (carrying the policy, whose nonce
 * Next applies, and `x-nonce` for our own inline tags) and the headers for the response.
 */
export function pageSecurity(
  url: URL,
  requestHeaders: Headers,
  dev: boolean,
): { requestHeaders: Headers; responseHeaders: Record<string, string>; nonce: string } {
  const nonce = newNonce();
  const https = isHttps(url, requestHeaders);
  const policy = contentSecurityPolicy(nonce, { dev, https });
  const forwarded = new Headers(requestHeaders);
  forwarded.set("x-nonce", nonce);
  forwarded.set("Content-Security-Policy", policy);
  return {
    requestHeaders: forwarded,
    responseHeaders: { ...baseSecurityHeaders(https), "Content-Security-Policy": policy },
    nonce,
  };
}
