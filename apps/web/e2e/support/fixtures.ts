/**
 * Fixtures for the storefront's end-to-end tests. Every test makes its own data through the
 * real API (a product of the seeded merchant with known stock, customers with known balances),
 * so tests never depend on each other or on the demo catalogue, and can run in parallel.
 */
import { randomBytes, randomInt } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type Page, type TestInfo } from "@playwright/test";
import { createTradeClient, type TradeClient } from "@trade/api/client";

export { expect };

/** Seeded by `npm run db:seed` (packages/api/src/seed/demo.ts). */
export const SEEDED_MERCHANT = { email: "merchant1@trade.test", password: "demo-password-1" };
export const PASSWORD = "e2e-password-1";

const SCREENSHOTS = path.resolve(import.meta.dirname, "../../../../artifacts/screenshots");

export function uniqueId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/**
 * Each test is its own client address (X-Forwarded-For, which the API trusts behind its
 * gateway): the per-IP sign-in and registration limits then count separate people, as in life.
 */
function randomIp(): string {
  return `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

function client(baseURL: string, token?: string, ip = randomIp()): TradeClient {
  return createTradeClient({
    url: `${baseURL}/api/trpc`,
    token,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("x-forwarded-for", ip);
      return fetch(input, { ...init, headers });
    },
  });
}

export interface SkuSpec {
  code: string;
  attributes: Record<string, string>;
  price: string;
  stock: number;
  currency?: string;
}

export interface TestProduct {
  id: number;
  title: string;
  merchantName: string;
  skus: (SkuSpec & { id: number })[];
}

export interface Customer {
  name: string;
  email: string;
  password: string;
  api: TradeClient;
}

export type MakeProduct = (title: string, skus: SkuSpec[]) => Promise<TestProduct>;

interface Fixtures {
  /** Creates a listed product of the seeded merchant with the given SKUs. */
  makeProduct: MakeProduct;
  /** Registers a customer through the API, with optional deposits (currency -> amount). */
  makeCustomer: (deposits?: Record<string, string>) => Promise<Customer>;
  /** Signs `customer` in through the login page. */
  signIn: (customer: Pick<Customer, "email" | "password">) => Promise<void>;
  /** Saves a full-page screenshot to artifacts/screenshots/<project>-<name>.png. */
  snap: (name: string, target?: Page) => Promise<void>;
}

export const test = base.extend<Fixtures, { merchantApi: TradeClient; merchantName: string }>({
  extraHTTPHeaders: async ({}, use) => use({ "x-forwarded-for": randomIp() }),

  merchantApi: [
    async ({}, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL ?? "http://localhost:3000";
      const { token } = await client(baseURL).auth.issueToken.mutate({
        ...SEEDED_MERCHANT,
        name: `e2e worker ${workerInfo.workerIndex}`,
        ttlDays: 1,
      });
      await use(client(baseURL, token));
    },
    { scope: "worker" },
  ],
  merchantName: [async ({ merchantApi }, use) => use((await merchantApi.auth.me.query()).name), { scope: "worker" }],

  makeProduct: async ({ merchantApi, merchantName }, use) => {
    await use(async (title, skus) => {
      const product = await merchantApi.merchant.products.create.mutate({
        title,
        description: `${title}: made for the end-to-end tests.`,
        imageUrl: null,
      });
      const created = [];
      for (const sku of skus) {
        const row = await merchantApi.merchant.skus.create.mutate({ productId: product.id, currency: "USD", ...sku });
        created.push({ ...sku, id: row.id });
      }
      await merchantApi.merchant.products.setStatus.mutate({ productId: product.id, status: "LISTED" });
      return { id: product.id, title, merchantName, skus: created };
    });
  },

  makeCustomer: async ({ baseURL }, use) => {
    await use(async (deposits = {}) => {
      const id = uniqueId();
      const anonymous = client(baseURL!);
      const customer = { name: `Test Customer ${id}`, email: `e2e-${id}@trade.test`, password: PASSWORD };
      await anonymous.auth.register.mutate(customer);
      const { token } = await anonymous.auth.issueToken.mutate({
        email: customer.email,
        password: customer.password,
        name: "e2e",
        ttlDays: 1,
      });
      const api = client(baseURL!, token);
      for (const [currency, amount] of Object.entries(deposits)) {
        await api.wallet.deposit.mutate({ currency, amount, idempotencyKey: `e2e-seed-${id}-${currency}` });
      }
      return { ...customer, api };
    });
  },

  signIn: async ({ page }, use) => {
    await use(async ({ email, password }) => {
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).not.toHaveURL(/\/login/);
      await expect(page.getByRole("link", { name: /^Cart, / })).toBeVisible();
    });
  },

  snap: async ({ page }, use, testInfo: TestInfo) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await use(async (name, target = page) => {
      const file = path.join(SCREENSHOTS, `${testInfo.project.name}-${name}.png`);
      await target.screenshot({ path: file, fullPage: true, animations: "disabled" });
      await testInfo.attach(name, { path: file, contentType: "image/png" });
    });
  },
});

/** "$1,234.50"-style text for USD amounts, as the storefront shows them (en-US). */
export function usd(amount: string): string {
  const [int = "0", frac = "00"] = amount.split(".");
  return `$${Number(int).toLocaleString("en-US")}.${frac.padEnd(2, "0")}`;
}
