import { NextResponse, type NextRequest } from "next/server";

/**
 * Signed-out visitors of a console page go to the sign-in page with `next` set to the page they
 * asked for (layouts cannot see the path). Only the cookie's presence is checked here; the
 * layouts verify the session and the role, and the API checks both again on every call.
 */
const SESSION_COOKIES = ["trade-admin.session-token", "__Secure-trade-admin.session-token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = "/login";
  url.search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the API routes (they answer 401 themselves), assets or the sign-in page.
  matcher: ["/((?!api/|_next/|login|favicon\\.ico|icon).*)"],
};
