import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip.ts";

describe("clientIp", () => {
  it("trusts only what our own front appended, never the client's leftmost entries", () => {
    expect(clientIp("203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp("1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp("1.2.3.4, 203.0.113.9, 10.0.0.2", null, 2)).toBe("203.0.113.9");
    expect(clientIp(null, "198.51.100.7")).toBe("198.51.100.7");
    expect(clientIp(undefined)).toBe("local");
    expect(clientIp("only-one", null, 3)).toBe("only-one");
  });
});
