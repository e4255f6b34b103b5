import { pageSecurity } from "@trade/server/security-headers";
import { NextResponse, type NextRequest } from "next/server";
import { isDevelopment } from "./env";

/**
 * Two things on every page request:
 * - security headers: a per-request CSP nonce (which Next stamps on the scripts it injects),
 *   frame, referrer and HSTS headers (@trade/server/security-headers);
 * - signed-out visitors of a console page go to the sign-in page with `next` set to the page
 *   they asked for (layouts cannot see the path). Only the cookie's presence is checked here;
 *   the layouts verify the session and the role, and the API checks both again on every call.
 */
const SESSION_COOKIES = ["trade-admin.session-token", "__Secure-trade-admin.session-token"];

/** API routes answer 401 themselves; the sign-in page is for the signed out. */
const OPEN = /^\/(api\/|login)/;

export function proxy(request: NextRequest) {
  const security = pageSecurity(request.nextUrl, request.headers, isDevelopment);
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  let response: NextResponse;
  if (signedIn || OPEN.test(request.nextUrl.pathname)) {
    response = NextResponse.next({ request: { headers: security.requestHeaders } });
  } else {
    const url = request.nextUrl.clone();
    const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    url.pathname = "/login";
    url.search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
    response = NextResponse.redirect(url);
  }
  for (const [name, value] of Object.entries(security.responseHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the build's assets (immutable files, not documents) or the icons.
  matcher: ["/((?!_next/|favicon\\.ico|icon).*)"],
};
