import { describe, expect, it } from "vitest";
import { clientIp, compileTrustedProxies } from "./client-ip.ts";

describe("clientIp", () => {
  const none = compileTrustedProxies("");
  const loopback = compileTrustedProxies("127.0.0.1/32,::1/128");

  it("without a trusted proxy is the socket's address, whatever X-Forwarded-For claims", () => {
    expect(clientIp("198.51.100.7", "1.2.3.4", none)).toBe("198.51.100.7");
    expect(clientIp("127.0.0.1", "1.2.3.4", none)).toBe("127.0.0.1");
    expect(clientIp("::ffff:198.51.100.7", null, none)).toBe("198.51.100.7");
    expect(clientIp(undefined, "1.2.3.4", none)).toBe("local");
  });

  it("behind a trusted proxy walks X-Forwarded-For from the right past trusted hops only", () => {
    expect(clientIp("127.0.0.1", "203.0.113.9", loopback)).toBe("203.0.113.9");
    expect(clientIp("::ffff:127.0.0.1", "203.0.113.9", loopback)).toBe("203.0.113.9");
    // The client's own (forged) entries sit left of what our proxy appended: never reached.
    expect(clientIp("127.0.0.1", "6.6.6.6, 203.0.113.9", loopback)).toBe("203.0.113.9");
    // Two of our proxies: both skipped.
    expect(clientIp("::1", "6.6.6.6, 203.0.113.9, 127.0.0.1", loopback)).toBe("203.0.113.9");
    // A trusted peer that added nothing: the peer itself.
    expect(clientIp("127.0.0.1", null, loopback)).toBe("127.0.0.1");
    // An untrusted peer's header is ignored.
    expect(clientIp("198.51.100.7", "203.0.113.9", loopback)).toBe("198.51.100.7");
  });

  it("reads CIDR ranges and refuses a list it cannot parse", () => {
    const lan = compileTrustedProxies(" 10.0.0.0/8 , fd00::/8");
    expect(clientIp("10.1.2.3", "203.0.113.9", lan)).toBe("203.0.113.9");
    expect(clientIp("fd00::5", "2001:db8::1", lan)).toBe("2001:db8::1");
    expect(() => compileTrustedProxies("not-an-ip")).toThrow(/invalid IP address/);
  });
});
