/**
 * End-to-end tests in Chromium (CHROMIUM_PATH, Playwright's own, or one on PATH), against the
 * production builds. `npm run test:e2e` (scripts/e2e.ts) creates a fresh database, builds and
 * starts web, admin and the job, then runs this; the URLs come from E2E_WEB_URL / E2E_ADMIN_URL.
 * Running `npx playwright test` by hand needs those servers up already.
 *
 * Projects:
 *   web         apps/web/e2e/*.spec.ts, desktop viewport
 *   web-mobile  the storefront's main flow (main-flow.spec.ts) on a phone-sized viewport
 *   admin       apps/admin/e2e/*.spec.ts, baseURL ends in "/admin/": use relative paths
 *               (page.goto("login")) so they stay under /admin.
 */
import { defineConfig, devices, type ReporterDescription } from "@playwright/test";
import { locateBrowser } from "./scripts/lib/browser.ts";

const WEB_URL = process.env.E2E_WEB_URL ?? "http://localhost:3000";
const ADMIN_URL = `${(process.env.E2E_ADMIN_URL ?? "http://localhost:3001/admin").replace(/\/+$/, "")}/`;

// npm test / test:e2e find the browser first (scripts/lib/browser.ts) and pass CHROMIUM_PATH;
// by hand the same lookup runs here, without installing anything.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH?.trim() || locateBrowser()?.path,
  // Without the background-networking flags Chromium floods the closed network with requests.
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
};

export default defineConfig({
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: Number(process.env.E2E_WORKERS ?? 3),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ["list"],
    ...(process.env.CI ? [["html", { open: "never", outputFolder: "playwright-report" }] as ReporterDescription] : []),
    // npm test counts the results from this file (scripts/lib/playwright-results.ts).
    ...(process.env.E2E_REPORT_FILE
      ? [["json", { outputFile: process.env.E2E_REPORT_FILE }] as ReporterDescription]
      : []),
  ],
  use: {
    launchOptions: chromium,
    // Prices and dates are checked as an en-US reader sees them.
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: "web",
      testDir: "apps/web/e2e",
      use: { ...devices["Desktop Chrome"], baseURL: WEB_URL, launchOptions: chromium },
    },
    {
      name: "web-mobile",
      testDir: "apps/web/e2e",
      testMatch: /main-flow\.spec\.ts$/,
      use: { ...devices["Pixel 7"], baseURL: WEB_URL, launchOptions: chromium },
    },
    {
      name: "admin",
      testDir: "apps/admin/e2e",
      use: { ...devices["Desktop Chrome"], baseURL: ADMIN_URL, launchOptions: chromium },
    },
  ],
});
