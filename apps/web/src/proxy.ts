import { pageSecurity } from "@trade/server/security-headers";
import { NextResponse, type NextRequest } from "next/server";
import { isDevelopment } from "./env";

/**
 * Security headers on every page and Next-served route: a per-request CSP nonce (which Next
 * stamps on the scripts it injects), frame, referrer and HSTS headers (@trade/server/security-headers).
 * The tRPC API is served by server.ts before Next and never comes here.
 */
export function proxy(request: NextRequest) {
  const security = pageSecurity(request.nextUrl, request.headers, isDevelopment);
  const response = NextResponse.next({ request: { headers: security.requestHeaders } });
  for (const [name, value] of Object.entries(security.responseHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the build's static assets: they are immutable files, not documents.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|icon).*)"],
};
