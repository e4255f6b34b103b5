import { describe, expect, it } from "vitest";
import {
  apiErrorOf,
  createTradeClient,
  errorCodeOf,
  errorDetailsOf,
  fieldErrorsOf,
  httpStatusOf,
  shouldRetryRead,
  signInErrorKey,
  type ErrorCode,
} from "../src/client.ts";
import { key, stockedSku } from "./support/fixtures.ts";
import { registeredClient, useHttpApi } from "./support/http-api.ts";

/** Real failures over the wire, read the way both apps read them (@trade/api/client). */
const api = useHttpApi();
const tokenClient = async () => (await registeredClient(api.url, { emailPrefix: "reader" })).trade;

describe("the error reader of @trade/api/client", () => {
  it("reads code, status and details of a domain error", async () => {
    const { sku } = await stockedSku(api.app, { stock: 5, price: "19.99" });
    const trade = await tokenClient();
    const error = await trade.order.place
      .mutate({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })
      .catch((e: unknown) => e);
    const code: ErrorCode | null = errorCodeOf(error);
    expect(code).toBe("INSUFFICIENT_FUNDS");
    expect(httpStatusOf(error)).toBe(422);
    expect(errorDetailsOf(error)).toMatchObject({ currency: "USD", missing: "19.99" });
    expect(fieldErrorsOf(error)).toEqual({});
    // A refusal is not retried: a second try would be refused the same way.
    expect(shouldRetryRead(0, error)).toBe(false);
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
    // No answer at all is worth another try, twice at the most.
    expect([0, 1, 2].map((count) => shouldRetryRead(count, network))).toEqual([true, true, false]);
  });

  it("retries a read after a server failure (5xx) but not after a 4xx", () => {
    const answered = (httpStatus: number) => ({ data: { domainCode: "BUSY", httpStatus } });
    expect([400, 401, 404, 422, 429, 499].map((s) => shouldRetryRead(0, answered(s)))).toEqual(Array(6).fill(false));
    expect([399, 500, 503].map((s) => shouldRetryRead(1, answered(s)))).toEqual([true, true, true]);
    expect(shouldRetryRead(2, answered(503))).toBe(false);
  });
});

describe("signInErrorKey", () => {
  it("reads domain codes and next-auth's own, and words anything else as a failed sign-in", () => {
    expect(signInErrorKey("INVALID_CREDENTIALS")).toBe("errorCredentials");
    expect(signInErrorKey("CredentialsSignin")).toBe("errorCredentials");
    expect(signInErrorKey("ACCOUNT_FROZEN")).toBe("errorFrozen");
    expect(signInErrorKey("SessionRequired")).toBe("errorSessionRequired");
    expect(signInErrorKey("toString")).toBe("errorDefault");
    expect(signInErrorKey("UNKNOWN")).toBe("errorDefault");
    expect(signInErrorKey(null)).toBeNull();
    expect(signInErrorKey("")).toBeNull();
  });
});
