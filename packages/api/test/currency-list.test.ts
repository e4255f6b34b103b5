import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, refusalOf, type TestApp } from "../src/testing/index.ts";
import { forgetCurrencies, requireCurrency } from "../src/wallet/currencies.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});
afterEach(() => {
  vi.useRealTimers();
  forgetCurrencies();
});

describe("the currency list (wallet/currencies.ts)", () => {
  it("the storefront gets the active currencies sorted by code, each with exactly its code, name, scale and flag", async () => {
    const operator = await app.user("OPERATOR");
    // Created after the defaults (USD, CNY, JPY, in that order): a list in insertion order is not sorted.
    await operator.api.ops.currencies.create({ code: "XLB", name: "List currency B", scale: 3 });
    await operator.api.ops.currencies.create({ code: "XLA", name: "List currency A", scale: 2 });
    await operator.api.ops.currencies.setActive({ code: "XLA", active: false });
    expect(await app.anon.catalog.currencies()).toEqual([
      { code: "CNY", name: "Chinese Yuan", scale: 2, active: true },
      { code: "JPY", name: "Japanese Yen", scale: 0, active: true },
      { code: "USD", name: "US Dollar", scale: 2, active: true },
      { code: "XLB", name: "List currency B", scale: 3, active: true },
    ]);
  });

  it("is cached in the process for 5 seconds: a row written behind the services' backs shows after that", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const codes = async () => (await app.anon.catalog.currencies()).map((c) => c.code);
    expect(await codes()).not.toContain("XLC");
    await app.db.$executeRaw`INSERT INTO currencies (code, name, scale) VALUES ('XLC', 'Cache currency', 2)`;
    vi.advanceTimersByTime(4_900);
    expect(await codes()).not.toContain("XLC");
    vi.advanceTimersByTime(200);
    expect(await codes()).toContain("XLC");
  });

  it("requireCurrency reads any case, names an unknown code, and refuses an inactive one unless asked", async () => {
    expect(await requireCurrency(app.db, "usd")).toEqual({ code: "USD", name: "US Dollar", scale: 2, active: true });
    expect(await refusalOf(requireCurrency(app.db, "XQZ"))).toMatchObject({
      code: "UNKNOWN_CURRENCY",
      details: { currency: "XQZ" },
    });
    await app.db
      .$executeRaw`INSERT INTO currencies (code, name, scale, active) VALUES ('XLD', 'Off currency', 2, false)`;
    forgetCurrencies();
    expect((await refusalOf(requireCurrency(app.db, "XLD"))).code).toBe("UNKNOWN_CURRENCY");
    expect((await requireCurrency(app.db, "XLD", false)).active).toBe(false);
  });
});
