import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiErrorOf,
  createTradeClient,
  errorCodeOf,
  errorDetailsOf,
  fieldErrorsOf,
  httpStatusOf,
  type ErrorCode,
} from "../src/client.ts";
import { createTrpcHandler } from "../src/http.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { key, stockedSku } from "./support/fixtures.ts";

let app: TestApp;
let server: Server;
let base: string;

/** Real failures over the wire, read the way both apps read them (@trade/api/client). */
beforeAll(async () => {
  app = await createTestApp();
  server = createServer(
    createTrpcHandler({
      endpoint: "/api/trpc",
      deps: app.deps,
      sessionUserId: async (headers) => Number(/uid=(\d+)/.exec(headers.get("cookie") ?? "")?.[1]) || null,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
});
afterAll(async () => {
  server?.close();
  await app?.close();
});

async function tokenClient() {
  const anon = createTradeClient({ url: base });
  const email = `reader-${key()}@example.com`;
  await anon.auth.register.mutate({ email, password: "a long passphrase", name: "Reader" });
  const { token } = await anon.auth.issueToken.mutate({ email, password: "a long passphrase" });
  return createTradeClient({ url: base, token });
}

describe("the error reader of @trade/api/client", () => {
  it("reads code, status and details of a domain error", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "19.99" });
    const trade = await tokenClient();
    const error = await trade.order.place
      .mutate({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })
      .catch((e: unknown) => e);
    const code: ErrorCode | null = errorCodeOf(error);
    expect(code).toBe("INSUFFICIENT_FUNDS");
    expect(httpStatusOf(error)).toBe(422);
    expect(errorDetailsOf(error)).toMatchObject({ currency: "USD", missing: "19.99" });
    expect(fieldErrorsOf(error)).toEqual({});
  });

  it("reads zod's problems per field path", async () => {
    const trade = await tokenClient();
    const error = await trade.order.place
      .mutate({ items: [{ skuId: 1, quantity: 0 }], idempotencyKey: key() })
      .catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(error))).toEqual(["items.0.quantity"]);
  });

  it("answers null for what is not an API answer (network failures, plain errors, unknown codes)", async () => {
    const offline = createTradeClient({ url: "http://127.0.0.1:9/api/trpc" });
    const network = await offline.catalog.list.query({}).catch((e: unknown) => e);
    expect(network).toBeInstanceOf(Error);
    expect(errorCodeOf(network)).toBeNull();
    expect(apiErrorOf(new Error("SELECT * FROM secrets"))).toBeNull();
    expect(errorCodeOf({ data: { domainCode: "NOT_A_CODE" } })).toBeNull();
    expect(errorDetailsOf(null)).toEqual({});
  });
});
