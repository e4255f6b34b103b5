import { describe, expect, it } from "vitest";
import { createTradeClient, errorCodeOf } from "../src/client.ts";
import { key, stockedSku } from "./support/fixtures.ts";
import { registeredClient, useHttpApi } from "./support/http-api.ts";

/** The app servers' own API handler on a plain Node HTTP server: the wire as API consumers see it. */
const api = useHttpApi();

describe("over HTTP with a bearer token", () => {
  it("registers, deposits, buys and pays; money is a decimal string on the wire", async () => {
    const { sku } = await stockedSku(api.app, { stock: 5, price: "19.99" });
    const { trade } = await registeredClient(api.url, { tokenName: "script" });
    const deposit = await trade.wallet.deposit.mutate({ currency: "USD", amount: "50.00", idempotencyKey: key() });
    expect(deposit.amount).toBe("50.00");
    const order = await trade.order.place.mutate({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    expect(order.total).toBe("39.98");
    expect(typeof order.total).toBe("string");
    expect((await trade.order.pay.mutate({ orderId: order.id })).status).toBe("PAID");
    const usd = (await trade.wallet.accounts.query()).find((a) => a.currency === "USD");
    expect(usd).toMatchObject({ available: "10.02", frozen: "0.00" });
    await api.app.assertInvariants();
  });

  it("errors carry a stable domain code and the right HTTP status; no raw database message", async () => {
    const { anon, issued, trade } = await registeredClient(api.url);
    const token = issued.token;
    const k = key();
    await trade.wallet.deposit.mutate({ currency: "USD", amount: "5.00", idempotencyKey: k });
    const conflict = await trade.wallet.deposit
      .mutate({ currency: "USD", amount: "6.00", idempotencyKey: k })
      .catch((e: unknown) => e);
    expect(errorCodeOf(conflict)).toBe("IDEMPOTENCY_CONFLICT");
    expect((conflict as { data?: { httpStatus?: number } }).data?.httpStatus).toBe(422);

    const raw = await fetch(`${api.url}/wallet.deposit`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ json: { currency: "USD", amount: 12.5, idempotencyKey: key() } }),
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as { error: { json: { message: string; data: { domainCode: string } } } };
    expect(body.error.json.data.domainCode).toBe("INVALID_AMOUNT");
    expect(errorCodeOf(await anon.wallet.accounts.query().catch((e: unknown) => e))).toBe("UNAUTHORIZED");
    expect(
      errorCodeOf(
        await createTradeClient({ url: api.url, token: "trd_not-a-token" })
          .wallet.accounts.query()
          .catch((e: unknown) => e),
      ),
    ).toBe("UNAUTHORIZED");
  });

  it("a revoked token stops working", async () => {
    const { issued, trade } = await registeredClient(api.url);
    await trade.auth.revokeToken.mutate({ tokenId: issued.id });
    expect(errorCodeOf(await trade.wallet.accounts.query().catch((e: unknown) => e))).toBe("UNAUTHORIZED");
  });
});

describe("CSRF and method rules for cookie sessions", () => {
  it("refuses a cookie mutation from another origin or without JSON; queries cannot mutate", async () => {
    const member = await api.app.user("MEMBER");
    const cookie = `uid=${member.id}`;
    const body = JSON.stringify({ json: { currency: "USD", amount: "5.00", idempotencyKey: key() } });
    const crossSite = await fetch(`${api.url}/wallet.deposit`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: "https://evil.example" },
      body,
    });
    expect(crossSite.status).toBe(403);
    const form = await fetch(`${api.url}/wallet.deposit`, {
      method: "POST",
      headers: { "content-type": "text/plain", cookie, origin: "http://localhost:3000" },
      body,
    });
    expect([403, 415]).toContain(form.status);
    const viaGet = await fetch(`${api.url}/wallet.deposit?input=${encodeURIComponent(body)}`, { headers: { cookie } });
    expect(viaGet.status).toBeGreaterThanOrEqual(400);
    const sameSite = await fetch(`${api.url}/wallet.deposit`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: "http://localhost:3000" },
      body,
    });
    expect(sameSite.status).toBe(200);
    expect(await api.app.db.deposit.count({ where: { userId: member.id } })).toBe(1);
  });
});

describe("login throttling", () => {
  it("rate-limits repeated failed logins for one email and records them", async () => {
    const anon = createTradeClient({ url: api.url });
    const email = `victim-${key()}@example.com`;
    await anon.auth.register.mutate({ email, password: "the right passphrase", name: "Victim" });
    const codes: (string | null)[] = [];
    for (let i = 0; i < 12; i++)
      codes.push(
        errorCodeOf(
          await anon.auth.issueToken.mutate({ email, password: `wrong guess ${i}` }).catch((e: unknown) => e),
        ),
      );
    expect(codes.slice(0, 10).every((c) => c === "INVALID_CREDENTIALS")).toBe(true);
    expect(codes.slice(10)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    // Even the right password is refused while throttled, and an unknown email looks the same as a wrong password.
    expect(
      errorCodeOf(
        await anon.auth.issueToken.mutate({ email, password: "the right passphrase" }).catch((e: unknown) => e),
      ),
    ).toBe("RATE_LIMITED");
    expect(
      errorCodeOf(
        await anon.auth.issueToken
          .mutate({ email: `nobody-${key()}@example.com`, password: "whatever it is" })
          .catch((e: unknown) => e),
      ),
    ).toBe("INVALID_CREDENTIALS");
    expect(await api.app.db.loginEvent.count({ where: { email, success: false } })).toBe(10);
  });
});
