/**
 * The client's IP for rate limiting. X-Forwarded-For's leftmost entries are whatever the client
 * sent; only the entry appended by our own front (the gateway, or Next.js itself, which sets the
 * socket address when the header is absent) can be trusted. So read the rightmost entry, or the
 * one `trustedHops` from the right when several trusted proxies each append one.
 */
export function clientIp(forwardedFor: string | null | undefined, realIp?: string | null, trustedHops = 1): string {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return hops[Math.max(0, hops.length - trustedHops)] ?? realIp ?? "local";
}
