import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { ADMIN_URL, DEMO_PASSWORD } from "./env";

/** Signs in through the admin's login form and waits for the role's home page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${ADMIN_URL}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 30_000 });
  // The console's shell (header + main) replaces the sign-in card.
  await expect(page.locator("main#main")).toBeVisible();
}

/** The repository root (the folder with turbo.json), whatever directory Playwright runs from. */
function repoRoot(): string {
  let dir = process.cwd();
  while (!existsSync(path.join(dir, "turbo.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Saves a full-page screenshot as artifacts/screenshots/admin-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(repoRoot(), "artifacts", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `admin-${name}.png`), fullPage: true });
}

/** Money text as the admin renders USD amounts ("$12.50"). */
export function usd(amount: string): string {
  return `$${amount}`;
}
