import { expect, test } from "@playwright/test";
import { screenshot, signIn } from "./support/admin";
import { api, registerMember, walletAccounts } from "./support/api";
import { ADMIN_URL, OPERATOR_EMAIL, WEB_URL, unique } from "./support/env";

/**
 * Operator console: adding a currency starts the job's backfill (the progress bar reaches every
 * user, and a member who registered before the currency existed gets an account in it), and
 * withdrawals above the threshold wait for an approve / reject decision.
 */
test("operator adds EUR and the job opens an EUR account for every member", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const suffix = unique();
  // On a fresh database (the e2e runner's) EUR is new; when the suite re-runs on the same
  // database, a fresh code stands in for it so the backfill is still exercised.
  const existing = await api.query<{ code: string }[]>("catalog.currencies", undefined);
  const code = existing.some((c) => c.code === "EUR")
    ? `EU${suffix
        .replace(/[^a-z]/gi, "")
        .toUpperCase()
        .slice(0, 4)
        .padEnd(4, "X")}`
    : "EUR";
  test.info().annotations.push({ type: "currency", description: code });
  // Registered before the currency exists (registration opens accounts only in the currencies
  // active at that moment), so only the job's backfill can give this member an account in it.
  // Its wallet is not read before the backfill: wallet.accounts is cached in Redis for up to
  // 60 s and the backfill does not invalidate that cache.
  const member = await registerMember("eur", suffix);

  await signIn(page, OPERATOR_EMAIL);
  await page.goto(`${ADMIN_URL}/ops/currencies`);
  await expect(page.locator("tr[data-currency]").first()).toBeVisible();

  await page.getByLabel("Code").fill(code);
  await page.getByLabel("Name").fill(code === "EUR" ? "Euro" : `Test currency ${code}`);
  await page.getByLabel("Decimals (scale)").selectOption("2");
  await page.getByRole("button", { name: "Add currency" }).click();
  const progress = page.getByTestId(`backfill-${code}`);
  await expect(progress).toBeVisible();
  await screenshot(page, "currency-added");

  // The job backfills every few seconds; the page polls while a currency is incomplete.
  await expect(progress).toContainText("complete", { timeout: 180_000 });
  await expect(page.getByRole("progressbar", { name: `Accounts in ${code}` })).toBeVisible();
  await screenshot(page, "currencies");

  await expect
    .poll(async () => (await walletAccounts(member)).find((a) => a.currency === code)?.available ?? null, {
      timeout: 90_000,
      intervals: [1_000, 2_000, 5_000],
    })
    .toBe("0.00");

  // The member's wallet page in the storefront shows the new account.
  const shop = await browser.newContext();
  const wallet = await shop.newPage();
  await wallet.goto(`${WEB_URL}/login`);
  await wallet.getByLabel("Email").fill(member.email);
  await wallet.getByLabel("Password").fill(member.password);
  await wallet.getByRole("button", { name: "Sign in" }).click();
  await wallet.waitForURL((url) => !url.pathname.startsWith("/login"));
  await wallet.goto(`${WEB_URL}/wallet`);
  await expect(wallet.getByTestId(`wallet-card-${code}`)).toBeVisible();
  await screenshot(wallet, "storefront-wallet-eur");
  await shop.close();
});

test("operator approves one withdrawal and rejects another, returning the funds", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = unique();
  const member = await registerMember("withdraw", suffix);
  await api.mutate(
    "wallet.deposit",
    { currency: "USD", amount: "5000.00", idempotencyKey: `admin-e2e-dep-${suffix}` },
    member.token,
  );
  const first = await api.mutate<{ id: number; status: string }>(
    "wallet.withdraw",
    { currency: "USD", amount: "1500.00", idempotencyKey: `admin-e2e-wd1-${suffix}` },
    member.token,
  );
  const second = await api.mutate<{ id: number; status: string }>(
    "wallet.withdraw",
    { currency: "USD", amount: "2000.00", idempotencyKey: `admin-e2e-wd2-${suffix}` },
    member.token,
  );
  expect([first.status, second.status]).toEqual(["PENDING", "PENDING"]);

  await signIn(page, OPERATOR_EMAIL);
  await page.goto(`${ADMIN_URL}/ops/withdrawals`);
  const firstRow = page.locator(`tr[data-withdrawal="${first.id}"]`);
  const secondRow = page.locator(`tr[data-withdrawal="${second.id}"]`);
  await expect(firstRow).toContainText("$1,500.00");
  await expect(secondRow).toContainText(member.email);
  await screenshot(page, "withdrawals");

  await firstRow.getByRole("button", { name: "Approve" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Approve and pay out" }).click();
  await expect(firstRow).toHaveCount(0);

  await secondRow.getByRole("button", { name: "Reject" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Please verify your identity first.");
  await dialog.getByRole("button", { name: "Reject and return funds" }).click();
  await expect(secondRow).toHaveCount(0);

  const usd = (await walletAccounts(member)).find((a) => a.currency === "USD");
  // 5000 deposited, 1500 paid out, 2000 returned to available.
  expect(usd).toMatchObject({ available: "3500.00", frozen: "0.00" });
});

test("risk alerts page loads for the operator", async ({ page }) => {
  await signIn(page, OPERATOR_EMAIL);
  await page.goto(`${ADMIN_URL}/ops/alerts?status=ALL`);
  await expect(page.getByRole("heading", { level: 1, name: "Risk alerts" })).toBeVisible();
  await expect(page.locator("li[data-alert]").first().or(page.getByText("No alerts here"))).toBeVisible();
  await screenshot(page, "alerts");
});
