import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, compileTrustedProxies, stampClientIp } from "../src/infra/client-ip.ts";
import { createLimiters, type LimiterSettings } from "../src/infra/rate-limit.ts";
import type { AppDeps } from "../src/trpc.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { key } from "./support/fixtures.ts";
import { serveApi } from "./support/http-api.ts";

/**
 * The app servers' API handler on a real socket from 127.0.0.1: what the client address is with
 * and without a trusted proxy configured, and the limits on batches and bodies.
 */
let app: TestApp;
const servers: Server[] = [];
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  for (const s of servers) s.close();
  await app?.close();
});

const settings: LimiterSettings = {
  loginMaxAttemptsPerIp: 1000,
  loginMaxFailuresPerEmailIp: 3,
  loginMaxFailuresPerEmail: 100,
  loginSlowdownSeconds: 60,
  registerMaxPerIpHour: 3,
};

/** A server with its own limiters; `trustedProxies` as the TRUSTED_PROXIES variable would say. */
async function serve(trustedProxies: string): Promise<string> {
  const deps: AppDeps = {
    ...app.deps,
    limiters: createLimiters(app.deps.redis, settings),
    trustProxy: compileTrustedProxies(trustedProxies),
  };
  const { url, server } = await serveApi(deps);
  servers.push(server);
  return url;
}

interface Envelope {
  result?: unknown;
  error?: { json: { data: { domainCode: string; httpStatus: number } } };
}

/** One HTTP request calling `path` once per input (a tRPC batch when there are several). */
async function call(base: string, path: string, inputs: unknown[], headers: Record<string, string> = {}) {
  const batch = inputs.length > 1;
  const url = `${base}/${Array(inputs.length).fill(path).join(",")}${batch ? "?batch=1" : ""}`;
  const body = batch ? Object.fromEntries(inputs.map((input, i) => [String(i), { json: input }])) : { json: inputs[0] };
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Envelope | Envelope[];
  const codes = (Array.isArray(json) ? json : [json]).map((e) => e.error?.json.data.domainCode ?? "OK");
  return { status: res.status, codes };
}

/** A batch of one query called `count` times (queries are GET). */
async function query(base: string, path: string, count: number) {
  const input = encodeURIComponent(
    JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [i, {}]))),
  );
  const res = await fetch(`${base}/${Array(count).fill(path).join(",")}?batch=1&input=${input}`);
  const json = (await res.json()) as Envelope | Envelope[];
  return {
    status: res.status,
    codes: (Array.isArray(json) ? json : [json]).map((e) => e.error?.json.data.domainCode ?? "OK"),
  };
}

const tally = (codes: string[]) =>
  codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

const registration = () => ({ email: `gw-${key()}@test.trade`, password: "a long passphrase", name: "G" });

describe("client address without a trusted proxy (TRUSTED_PROXIES empty)", () => {
  it("rotating X-Forwarded-For buys no extra registrations: the socket's address is the bucket", async () => {
    const base = await serve("");
    const codes: string[] = [];
    for (let i = 0; i < 5; i++)
      codes.push(...(await call(base, "auth.register", [registration()], { "x-forwarded-for": `10.9.8.${i}` })).codes);
    expect(tally(codes)).toEqual({ OK: 3, RATE_LIMITED: 2 });
  });

  it("records the socket's address, not the header's, for a login", async () => {
    const base = await serve("");
    const user = await app.user("MEMBER");
    await call(base, "auth.issueToken", [{ email: user.email, password: "wrong-password" }], {
      "x-forwarded-for": "6.6.6.6",
    });
    expect((await app.db.loginEvent.findFirst({ where: { email: user.email } }))?.ip).toBe("127.0.0.1");
  });
});

describe("client address behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1/32)", () => {
  it("takes the hop the proxy appended; entries the client forged to its left are ignored", async () => {
    const base = await serve("127.0.0.1/32");
    const user = await app.user("MEMBER");
    await call(base, "auth.issueToken", [{ email: user.email, password: "wrong-password" }], {
      "x-forwarded-for": "6.6.6.6, 203.0.113.5",
    });
    expect((await app.db.loginEvent.findFirst({ where: { email: user.email } }))?.ip).toBe("203.0.113.5");

    const codes: string[] = [];
    for (let i = 0; i < 5; i++)
      codes.push(
        ...(await call(base, "auth.register", [registration()], { "x-forwarded-for": `1.1.1.${i}, 203.0.113.7` }))
          .codes,
      );
    expect(tally(codes)).toEqual({ OK: 3, RATE_LIMITED: 2 });
    // Another real client behind the same proxy has its own bucket.
    expect((await call(base, "auth.register", [registration()], { "x-forwarded-for": "203.0.113.8" })).codes).toEqual([
      "OK",
    ]);
  });
});

describe("batches and bodies", () => {
  it("one batch of wrong passwords gets exactly the limit's guesses", async () => {
    const base = await serve("");
    const user = await app.user("MEMBER");
    const guesses = Array.from({ length: 10 }, (_, i) => ({ email: user.email, password: `guess-${i}-wrong` }));
    const { codes } = await call(base, "auth.issueToken", guesses);
    expect(tally(codes)).toEqual({ INVALID_CREDENTIALS: 3, RATE_LIMITED: 7 });
  });

  it("a batch of more than 10 calls is refused whole", async () => {
    const base = await serve("");
    expect(await query(base, "catalog.currencies", 11)).toEqual({ status: 400, codes: ["BAD_REQUEST"] });
    expect((await query(base, "catalog.currencies", 10)).codes).toEqual(Array(10).fill("OK"));
  });

  it("bodies over 256 KB are PAYLOAD_TOO_LARGE, except the CSV import's (up to 5 MB)", async () => {
    const base = await serve("");
    const big = "x".repeat(300 * 1024);
    const register = await call(base, "auth.register", [{ ...registration(), name: big }]);
    expect(register).toEqual({ status: 413, codes: ["PAYLOAD_TOO_LARGE"] });

    const merchant = await app.user("MERCHANT");
    const auth = { cookie: `uid=${merchant.id}`, origin: "http://localhost:3000" };
    const csv = `product_title,sku_code,price,currency,stock\n${`Lamp,${big.slice(0, 60)},1.00,USD,1\n`.repeat(8000)}`;
    expect(csv.length).toBeGreaterThan(256 * 1024);
    const imported = await call(base, "merchant.products.importCsv", [{ csv, dryRun: true }], auth);
    // Read and parsed (refused for its row count), not cut off at the ordinary body limit.
    expect(imported).toEqual({ status: 400, codes: ["BAD_REQUEST"] });
    const tooBig = await call(base, "merchant.products.importCsv", [{ csv: csv.repeat(12), dryRun: true }], auth);
    expect(tooBig).toEqual({ status: 413, codes: ["PAYLOAD_TOO_LARGE"] });
  });
});

describe("the address next-auth's sign-in sees (stamped by the app server before Next.js)", () => {
  it("is resolved from the socket, and a client cannot send its own", async () => {
    for (const [trusted, expected] of [
      ["", "127.0.0.1"],
      ["127.0.0.1/32", "203.0.113.5"],
    ] as const) {
      const server = createServer((req, res) => {
        stampClientIp(req, compileTrustedProxies(trusted));
        res.end(String(req.headers[CLIENT_IP_HEADER]));
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/callback`, {
        headers: { "x-forwarded-for": "203.0.113.5", [CLIENT_IP_HEADER]: "6.6.6.6" },
      });
      expect([trusted, await res.text()]).toEqual([trusted, expected]);
    }
  });
});
