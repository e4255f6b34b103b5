/** The admin under its enforced Content-Security-Policy, and its own session. */
import { expect, test } from "@playwright/test";
import { signIn } from "./support/admin";
import { inlineHandlerRuns, watchCsp } from "../../../tooling/e2e/csp";
import { ADMIN_URL, DEMO_PASSWORD, MERCHANT_EMAIL, WEB_URL } from "./support/env";

test("sign-in and a console page load under the enforced CSP with no violation", async ({ page }) => {
  const csp = await watchCsp(page);
  const response = await page.goto(`${ADMIN_URL}/login`);
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await signIn(page, MERCHANT_EMAIL); // the form posts through client-side script
  await page.waitForFunction(() => "next" in window);
  expect(await csp.violations()).toEqual([]);
  expect(csp.console).toEqual([]);
  expect(await inlineHandlerRuns(page)).toBe(false);
  expect(await csp.violations()).toEqual(["script-src-attr inline"]);
});

test("a storefront session is not an admin session", async ({ page }) => {
  await page.goto(`${WEB_URL}/login`);
  await page.getByLabel("Email").fill(MERCHANT_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  // Signed in on the storefront (same host, so the browser sends its cookie to the admin too)...
  await page.goto(`${ADMIN_URL}/dashboard`);
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fdashboard/);
});
