import { expect, test } from "@playwright/test";
import { screenshot, signIn } from "./support/admin";
import { ADMIN_URL, MEMBER_EMAIL, MERCHANT_EMAIL, OPERATOR_EMAIL, DEMO_PASSWORD } from "./support/env";

test("signed-out visitors are sent to the sign-in page", async ({ page }) => {
  await page.goto(`${ADMIN_URL}/products`);
  await expect(page).toHaveURL(/\/admin\/login/);
  await expect(page.getByRole("heading", { name: "Trade admin" })).toBeVisible();
  await screenshot(page, "login");
});

test("a member cannot sign in to the admin; a wrong password says so", async ({ page }) => {
  await page.goto(`${ADMIN_URL}/login`);
  await page.getByLabel("Email").fill(MEMBER_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "for merchants and operators" })).toBeVisible();

  await page.getByLabel("Email").fill(MERCHANT_EMAIL);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The email or password is incorrect." })).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/login/);
});

test("merchants and operators each get their own console", async ({ browser }) => {
  const merchant = await browser.newPage();
  await signIn(merchant, MERCHANT_EMAIL);
  await expect(merchant).toHaveURL(/\/admin\/dashboard$/);
  await expect(merchant.getByRole("link", { name: "Products" }).first()).toBeVisible();
  await expect(merchant.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await screenshot(merchant, "dashboard");
  // Operator pages send a merchant back to the dashboard.
  await merchant.goto(`${ADMIN_URL}/ops/currencies`);
  await expect(merchant).toHaveURL(/\/admin\/dashboard$/);
  await merchant.goto(`${ADMIN_URL}/products`);
  await expect(merchant.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await screenshot(merchant, "products");

  const operator = await browser.newPage();
  await signIn(operator, OPERATOR_EMAIL);
  await expect(operator).toHaveURL(/\/admin\/ops\/currencies$/);
  await expect(operator.getByRole("link", { name: "Withdrawals" }).first()).toBeVisible();
  await expect(operator.getByRole("link", { name: "Products" })).toHaveCount(0);
  await operator.goto(`${ADMIN_URL}/dashboard`);
  await expect(operator).toHaveURL(/\/admin\/ops\/currencies$/);
});

test("the admin works on a phone", async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signIn(page, MERCHANT_EMAIL);
  await page.goto(`${ADMIN_URL}/products`);
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole("button", { name: "Open menu" }).click();
  await expect(page.locator("#mobile-nav").getByRole("link", { name: "Orders" })).toBeVisible();
  await screenshot(page, "phone-menu");
  await page.locator("#mobile-nav").getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
});
