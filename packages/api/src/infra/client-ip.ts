import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";

/**
 * The header the app server sets on every request it hands to Next.js (next-auth's sign-in sees
 * only headers, never the socket). The server overwrites whatever a client sent under this name.
 */
export const CLIENT_IP_HEADER = "x-trade-client-ip";

/** Says whether an address is one of our own proxies (the `i`-th hop, 0 = the socket's peer). */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Trusts no proxy: the client is whoever opened the socket. */
export const trustNoProxy: TrustProxy = () => false;

/**
 * Compiles `TRUSTED_PROXIES` (comma-separated IPs / CIDRs, e.g. `127.0.0.1/32,::1/128`; empty
 * trusts none). proxy-addr does the parsing and matching, including IPv4-mapped IPv6 peers
 * (`::ffff:127.0.0.1`), which Node reports for IPv4 clients of a dual-stack socket. Throws on an
 * address it cannot read, so a typo fails at start-up instead of trusting nothing (or everything).
 */
export function compileTrustedProxies(list: string | undefined): TrustProxy {
  const entries = (list ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.length === 0 ? trustNoProxy : proxyAddr.compile(entries);
}

/**
 * The client's address for rate limiting and the login record. X-Forwarded-For is only a claim:
 * any client can send it, so rotating it would buy unlimited guesses and registrations. It is
 * read only when the socket's peer is a trusted proxy, then walked from the right (each proxy
 * appends the address it saw) past every trusted hop; the first untrusted one is the client.
 * Without a trusted proxy it is the socket's address, so clients without the header no longer
 * share one bucket either.
 */
export function clientIp(
  remoteAddress: string | null | undefined,
  forwardedFor: string | null,
  trust: TrustProxy,
): string {
  const peer = remoteAddress ?? "";
  if (!peer) return "local"; // an in-process caller (tests, server components): no socket at all
  const hops = [
    peer,
    ...(forwardedFor ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean)
      .reverse(),
  ];
  let i = 0;
  while (i < hops.length - 1 && trust(hops[i] as string, i)) i++;
  return normalise(hops[i] as string);
}

/** `::ffff:203.0.113.9` and `203.0.113.9` are one client, so they share one bucket. */
function normalise(address: string): string {
  return (ipaddr.isValid(address) ? ipaddr.process(address).toString() : address).slice(0, 64);
}

/**
 * Resolves the client address of a request the app server hands to Next.js and stamps it into
 * CLIENT_IP_HEADER for next-auth's sign-in, replacing any value the client sent under that name.
 */
export function stampClientIp(req: IncomingMessage, trust: TrustProxy): void {
  req.headers[CLIENT_IP_HEADER] = clientIp(
    req.socket.remoteAddress,
    String(req.headers["x-forwarded-for"] ?? ""),
    trust,
  );
}
