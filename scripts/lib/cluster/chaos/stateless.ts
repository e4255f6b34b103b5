import { request } from "node:http";
import { randomUUID } from "node:crypto";
import { GATEWAY_PORT, UPSTREAMS } from "../topology.ts";

/**
 * Before the chaos load: the instances keep no state of their own (issue 15), and the rate
 * limiter trusts the gateway's hop and nothing a client sends. Each check sends one user's
 * requests to different instances (directly, by port) or through the gateway from different
 * loopback addresses (127.0.0.x: Linux routes all of 127/8 to lo, so nginx sees a distinct
 * client address per source, as it would for distinct machines). Returns the problems found.
 *
 * - Sessions: a storefront session cookie made by one member instance is honoured by the other.
 * - Cache: the balance cache (Redis) of one instance is invalidated by a deposit on the other
 *   and by an order placed on an order instance.
 * - Rate limits: login failures for one email from one address, sent alternately to the two
 *   instances, are counted once across both (the per-email-and-address limit refuses the
 *   attempt after the limit on either instance).
 * - The trusted proxy: through the gateway, a forged X-Forwarded-For changes nothing (the
 *   bucket is the address nginx saw), and the login is recorded with that address; another
 *   client address through the same gateway is not locked out.
 */
const PASSWORD = "a stateless passphrase";
/** LOGIN_MAX_FAILURES_PER_EMAIL's default (the cluster does not change it). */
const FAILURES_PER_EMAIL_IP = 10;

interface Answer {
  status: number;
  data?: unknown;
  code?: string;
  setCookies: string[];
}

/** One HTTP request from a chosen loopback source address (fetch cannot bind one). */
function send(
  from: string,
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string; setCookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: init.method ?? "GET",
        localAddress: from,
        headers: { ...(init.body ? { "content-length": String(Buffer.byteLength(init.body)) } : {}), ...init.headers },
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            setCookies: ([] as string[]).concat(res.headers["set-cookie"] ?? []),
          }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${path}: timed out`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

async function trpc(
  from: string,
  port: number,
  procedure: string,
  input: unknown,
  options: { query?: boolean; token?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = JSON.stringify({ json: input });
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const res = options.query
    ? await send(from, port, `/api/trpc/${procedure}?input=${encodeURIComponent(payload)}`, { headers })
    : await send(from, port, `/api/trpc/${procedure}`, { method: "POST", headers, body: payload });
  let body: { result?: { data?: { json?: unknown } }; error?: { json?: { data?: { domainCode?: string } } } } = {};
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    // not tRPC's answer (a gateway page): status only
  }
  return {
    status: res.status,
    data: body.result?.data?.json,
    code: body.error?.json?.data?.domainCode,
    setCookies: res.setCookies,
  };
}

type Account = { currency: string; available: string; frozen: string };
const usd = (answer: Answer) => (answer.data as Account[] | undefined)?.find((a) => a.currency === "USD");

export async function checkStatelessInstances(
  firstSku: number,
  sqlQuery: (sql: string, values: unknown[]) => Promise<unknown[]>,
): Promise<string[]> {
  const problems: string[] = [];
  const [memberA, memberB] = UPSTREAMS.find((u) => u.name === "member")?.ports ?? [];
  const [orderA] = UPSTREAMS.find((u) => u.name === "order")?.ports ?? [];
  if (memberA === undefined || memberB === undefined || orderA === undefined)
    return ["topology: two member instances and an order instance expected"];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const run = randomUUID().slice(0, 6);
  const register = async (tag: string) => {
    const email = `stateless-${run}-${tag}@example.com`;
    const r = await trpc("127.0.0.1", GATEWAY_PORT, "auth.register", {
      email,
      password: PASSWORD,
      name: `Stateless ${tag}`,
    });
    if (r.status !== 200) throw new Error(`stateless: register ${email}: HTTP ${r.status} ${r.code ?? ""}`);
    return email;
  };

  // Sessions: a cookie from instance A's sign-in, used on instance B.
  const cookieEmail = await register("cookie");
  const cookie = await signIn(memberA, cookieEmail);
  if (!cookie) problems.push("session: the storefront sign-in on member instance 1 set no session cookie");
  else {
    const onB = await trpc("127.0.0.1", memberB, "wallet.accounts", null, { query: true, cookie });
    expect(
      onB.status === 200 && Array.isArray(onB.data),
      `session: member instance 2 refused instance 1's session cookie (HTTP ${onB.status} ${onB.code ?? ""})`,
    );
  }

  // Cache: B caches the balance, A's deposit and an order placed on an order instance invalidate it.
  const cacheEmail = await register("cache");
  const token = await issueToken("127.0.0.1", memberA, cacheEmail, PASSWORD);
  if (!token) problems.push("cache: no token issued");
  else {
    const before = usd(await trpc("127.0.0.1", memberB, "wallet.accounts", null, { query: true, token }));
    const key = `stateless-${randomUUID()}`;
    const deposit = await trpc(
      "127.0.0.1",
      memberA,
      "wallet.deposit",
      { currency: "USD", amount: "10000.00", idempotencyKey: key },
      { token },
    );
    expect(
      deposit.status === 200,
      `cache: deposit on member instance 1 answered HTTP ${deposit.status} ${deposit.code ?? ""}`,
    );
    const after = usd(await trpc("127.0.0.1", memberB, "wallet.accounts", null, { query: true, token }));
    expect(
      Number(after?.available ?? NaN) === Number(before?.available ?? 0) + 10_000,
      `cache: member instance 2 showed ${after?.available ?? "nothing"} after instance 1's deposit of 10000.00 on ${before?.available ?? "0"}`,
    );
    const placed = await trpc(
      "127.0.0.1",
      orderA,
      "order.place",
      { items: [{ skuId: firstSku, quantity: 1 }], idempotencyKey: `stateless-${randomUUID()}` },
      { token },
    );
    expect(
      placed.status === 200,
      `cache: order on order instance 1 answered HTTP ${placed.status} ${placed.code ?? ""}`,
    );
    const held = usd(await trpc("127.0.0.1", memberB, "wallet.accounts", null, { query: true, token }));
    expect(
      Number(held?.frozen ?? 0) > 0,
      `cache: member instance 2 showed frozen ${held?.frozen ?? "nothing"} after an order on order instance 1`,
    );
  }

  // Rate limits across instances: one email, one address (127.0.0.4, direct: not a trusted proxy).
  const limitEmail = await register("limit");
  const codes: (string | undefined)[] = [];
  for (let i = 0; i < FAILURES_PER_EMAIL_IP; i++)
    codes.push(
      (
        await trpc("127.0.0.4", i % 2 === 0 ? memberA : memberB, "auth.issueToken", {
          email: limitEmail,
          password: "wrong password",
          name: "x",
        })
      ).code,
    );
  expect(
    codes.every((c) => c === "INVALID_CREDENTIALS"),
    `rate limit: the first ${FAILURES_PER_EMAIL_IP} wrong passwords answered ${codes.join(",")}`,
  );
  const over = await trpc("127.0.0.4", memberA, "auth.issueToken", {
    email: limitEmail,
    password: PASSWORD,
    name: "x",
  });
  expect(
    over.code === "RATE_LIMITED",
    `rate limit: after ${FAILURES_PER_EMAIL_IP} failures split over two instances the next attempt answered ${over.code ?? `HTTP ${over.status}`}, expected RATE_LIMITED (counted per instance?)`,
  );

  // The trusted proxy: through the gateway from 127.0.0.2, every request with a new forged header.
  const proxyEmail = await register("proxy");
  const forged: (string | undefined)[] = [];
  for (let i = 0; i < FAILURES_PER_EMAIL_IP; i++)
    forged.push(
      (
        await trpc(
          "127.0.0.2",
          GATEWAY_PORT,
          "auth.issueToken",
          { email: proxyEmail, password: "wrong password", name: "x" },
          { headers: { "x-forwarded-for": `203.0.113.${i + 1}` } },
        )
      ).code,
    );
  const forgedOver = await trpc(
    "127.0.0.2",
    GATEWAY_PORT,
    "auth.issueToken",
    { email: proxyEmail, password: PASSWORD, name: "x" },
    { headers: { "x-forwarded-for": "198.51.100.7" } },
  );
  expect(
    forgedOver.code === "RATE_LIMITED",
    `trusted proxy: a forged X-Forwarded-For got past the limit through the gateway (${forgedOver.code ?? `HTTP ${forgedOver.status}`})`,
  );
  const recorded = (await sqlQuery("SELECT DISTINCT ip FROM login_events WHERE email = $1", [proxyEmail])) as {
    ip: string;
  }[];
  expect(
    recorded.length === 1 && recorded[0]?.ip === "127.0.0.2",
    `trusted proxy: logins through the gateway from 127.0.0.2 were recorded as ${recorded.map((r) => r.ip).join(", ") || "nothing"} (forged: ${forged.length})`,
  );
  const owner = await issueToken("127.0.0.3", GATEWAY_PORT, proxyEmail, PASSWORD);
  expect(
    owner !== null,
    "trusted proxy: the owner from another address through the gateway was locked out (the gateway's clients share one bucket?)",
  );
  return problems;
}

async function issueToken(from: string, port: number, email: string, password: string): Promise<string | null> {
  const r = await trpc(from, port, "auth.issueToken", { email, password, name: "stateless" });
  return (r.data as { token?: string } | undefined)?.token ?? null;
}

/** The storefront's credentials sign-in (next-auth), as a browser does it; the session cookie pair. */
async function signIn(port: number, email: string): Promise<string | null> {
  const csrf = await send("127.0.0.1", port, "/api/auth/csrf");
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken?: string };
  if (!csrfToken) return null;
  const csrfCookies = csrf.setCookies.map((c) => c.split(";")[0] ?? "").join("; ");
  const callback = await send("127.0.0.1", port, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }).toString(),
  });
  const session = callback.setCookies.find((c) => /session-token=/.test(c.split(";")[0] ?? ""));
  return session ? (session.split(";")[0] ?? null) : null;
}
