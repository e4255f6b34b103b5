import { randomUUID } from "node:crypto";
import { createTradeClient, errorCodeOf } from "@trade/api/client";
import { sessionCookieName, sessionSecret } from "@trade/server/auth";
import { createTestApp, type TestApp, type TestUser } from "@trade/api/testing";
import { createInventoryClient } from "@trade/api/inventory";
import { startInventoryService } from "@trade/inventory/testing";
import { encode } from "next-auth/jwt";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPaymentService, type RunningPaymentService } from "../src/server.ts";

const auth = { secret: `payment-test-secret-${randomUUID()}`, cookiePrefix: "trade", secureCookies: false };
const ORIGIN = "http://localhost:3000";

let app: TestApp;
let service: RunningPaymentService;
let api: string;

beforeAll(async () => {
  app = await createTestApp();
  service = await startPaymentService({ deps: app.deps, auth, port: 0 });
  api = `${service.url}/api/trpc`;
});
afterAll(async () => {
  await service?.close(1_000);
  await app?.close();
});

/** A funded member with one UNPAID order of 2 units (placed through the order API, in process). */
async function unpaidOrder(on: TestApp = app): Promise<{ member: TestUser; orderId: number; skuId: number }> {
  const app = on;
  const merchant = await app.user("MERCHANT");
  const product = await merchant.api.merchant.products.create({ title: `P ${randomUUID()}`, description: "d" });
  const sku = await merchant.api.merchant.skus.create({
    productId: product.id,
    code: `S-${randomUUID().slice(0, 8)}`,
    attributes: {},
    price: "7.50",
    currency: "USD",
    stock: 5,
  });
  await merchant.api.merchant.products.setStatus({ productId: product.id, status: "LISTED" });
  const member = await app.user("MEMBER");
  await member.api.wallet.deposit({ currency: "USD", amount: "40.00", idempotencyKey: randomUUID() });
  const order = await member.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: randomUUID() });
  return { member, orderId: order.id, skuId: sku.id };
}

async function sessionCookie(userId: number): Promise<string> {
  const jwt = await encode({ token: { uid: userId, role: "MEMBER" }, secret: sessionSecret(auth) });
  return `${sessionCookieName(auth)}=${jwt}`;
}

/** A raw tRPC mutation over HTTP, as the storefront's batch link sends it. */
async function post(path: string, body: unknown, headers: Record<string, string> = {}, base = api) {
  const response = await fetch(`${base}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("the payment service (a real HTTP server on a free port)", () => {
  it("pays an order with a bearer token: settled once, the stock consumed, the books balanced", async () => {
    const { member, orderId, skuId } = await unpaidOrder();
    const { token } = await app.anon.auth.issueToken({ email: member.email, password: "correct-horse-battery" });
    const client = createTradeClient({ url: api, token });
    const paid = await client.order.pay.mutate({ orderId });
    expect(paid.status).toBe("PAID");
    // Paying again settles nothing more (the same answer, one settlement).
    expect((await client.order.pay.mutate({ orderId })).status).toBe("PAID");
    const sku = await app.db.sku.findUniqueOrThrow({ where: { id: skuId } });
    expect(sku).toMatchObject({ stock: 3, stockLocked: 0, sold: 2 });
    const usd = (await member.api.wallet.accounts()).find((a) => a.currency === "USD");
    expect(usd).toMatchObject({ available: "25.00", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("pays an order with the storefront's session cookie (same AUTH_SECRET, same cookie name)", async () => {
    const { member, orderId } = await unpaidOrder();
    const { status, body } = await post(
      "order.pay?batch=1",
      { 0: superjson.serialize({ orderId }) },
      { cookie: await sessionCookie(member.id), origin: ORIGIN },
    );
    expect(status).toBe(200);
    const [first] = body as { result: { data: { json: { status: string } } } }[];
    expect(first?.result.data.json.status).toBe("PAID");
    expect((await app.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
    await app.assertInvariants();
  });

  it("refuses a session cookie from another origin (CSRF) and a cookie sealed with another secret", async () => {
    const { member, orderId } = await unpaidOrder();
    const cookie = await sessionCookie(member.id);
    const csrf = await post("order.pay", superjson.serialize({ orderId }), { cookie, origin: "https://evil.example" });
    expect(csrf.status).toBe(403);
    expect(domainCode(csrf.body)).toBe("CSRF_REJECTED");
    const forged = await encode({
      token: { uid: member.id },
      secret: sessionSecret({ ...auth, secret: "x".repeat(40) }),
    });
    const wrongKey = await post("order.pay", superjson.serialize({ orderId }), {
      cookie: `${sessionCookieName(auth)}=${forged}`,
      origin: ORIGIN,
    });
    expect(wrongKey.status).toBe(401);
    expect(domainCode(wrongKey.body)).toBe("UNAUTHORIZED");
    expect((await app.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("UNPAID");
  });

  it("serves no other procedure: alone, in a batch with order.pay, or by any method", async () => {
    const { member, orderId } = await unpaidOrder();
    const { token } = await app.anon.auth.issueToken({ email: member.email, password: "correct-horse-battery" });
    const bearer = { authorization: `Bearer ${token}` };
    for (const path of [
      "order.cancel",
      "order.place",
      "wallet.deposit",
      "order.pay,order.cancel",
      "order.pay%2Corder.cancel",
    ]) {
      const answer = await post(path, superjson.serialize({ orderId }), bearer);
      expect(answer.status, path).toBe(404);
      expect(domainCode(answer.body), path).toBe("NOT_FOUND");
    }
    for (const path of ["catalog.list", "wallet.accounts", "order.get?input=%7B%7D"]) {
      const answer = await fetch(`${api}/${path}`, { headers: bearer });
      expect(answer.status, path).toBe(404);
    }
    expect((await fetch(`${service.url}/api/health`)).status).toBe(404);
    expect((await fetch(`${service.url}/`)).status).toBe(404);
    // The cancel that was refused did nothing: the order can still be paid.
    expect((await app.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("UNPAID");
    expect((await createTradeClient({ url: api, token }).order.pay.mutate({ orderId })).status).toBe("PAID");
  });

  it("answers bad input and strangers with typed domain errors, never a 500", async () => {
    const { member, orderId } = await unpaidOrder();
    const { token } = await app.anon.auth.issueToken({ email: member.email, password: "correct-horse-battery" });
    const bearer = { authorization: `Bearer ${token}` };
    const cases: [unknown, number, string][] = [
      [superjson.serialize({ orderId: "12" }), 400, "BAD_REQUEST"],
      [superjson.serialize({ orderId: -1 }), 400, "BAD_REQUEST"],
      [superjson.serialize({}), 400, "BAD_REQUEST"],
      [{ json: null }, 400, "BAD_REQUEST"],
      [superjson.serialize({ orderId: 2_147_483_647 }), 404, "NOT_FOUND"],
    ];
    for (const [body, status, code] of cases) {
      const answer = await post("order.pay", body, bearer);
      expect([answer.status, domainCode(answer.body)], JSON.stringify(body)).toEqual([status, code]);
    }
    const notJson = await fetch(`${api}/order.pay`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    const anonymous = await post("order.pay", superjson.serialize({ orderId }));
    expect([anonymous.status, domainCode(anonymous.body)]).toEqual([401, "UNAUTHORIZED"]);
    // Someone else's order is NOT_FOUND, not a payment.
    const stranger = await app.user("MEMBER");
    const { token: other } = await app.anon.auth.issueToken({
      email: stranger.email,
      password: "correct-horse-battery",
    });
    const foreign = await createTradeClient({ url: api, token: other })
      .order.pay.mutate({ orderId })
      .catch((e: unknown) => e);
    expect(errorCodeOf(foreign)).toBe("NOT_FOUND");
    const huge = await post("order.pay", { json: { orderId, pad: "x".repeat(300_000) } }, bearer);
    expect(huge.status).toBe(413);
    expect((await app.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("UNPAID");
  });

  it("in remote mode, pays through the inventory service: the held units are consumed there", async () => {
    const inventory = await startInventoryService();
    const client = createInventoryClient({ urls: [inventory.url], token: inventory.token, timeoutMs: 5_000 });
    const remoteApp = await createTestApp({ inventory: client });
    const remoteService = await startPaymentService({ deps: remoteApp.deps, auth, port: 0 });
    try {
      const { member, orderId, skuId } = await unpaidOrder(remoteApp);
      expect((await client.figures([skuId])).get(skuId)).toMatchObject({ stock: 3, stockLocked: 2, sold: 0 });
      const paid = await post(
        "order.pay",
        superjson.serialize({ orderId }),
        { cookie: await sessionCookie(member.id), origin: ORIGIN },
        `${remoteService.url}/api/trpc`,
      );
      expect(paid.status).toBe(200);
      expect((await client.figures([skuId])).get(skuId)).toMatchObject({ stock: 3, stockLocked: 0, sold: 2 });
      const log = await remoteApp.db.$queryRaw<{ state: string }[]>`
        SELECT state FROM global_transactions WHERE order_id = ${orderId}`;
      expect(log.map((r) => r.state)).toEqual(["CONFIRMED"]);
      expect(await remoteApp.db.sku.findUniqueOrThrow({ where: { id: skuId } })).toMatchObject({ stock: 0, sold: 0 });
    } finally {
      await remoteService.close(1_000);
      await remoteApp.close();
      await inventory.stop();
    }
  });

  it("reports its health: 200 while the database answers", async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", app: "payment", database: { ok: true } });
  });
});

function domainCode(body: unknown): string | undefined {
  const error = (Array.isArray(body) ? body[0] : body) as { error?: { json?: { data?: { domainCode?: string } } } };
  return error?.error?.json?.data?.domainCode;
}
