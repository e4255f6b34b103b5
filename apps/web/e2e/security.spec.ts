/** The storefront under its enforced Content-Security-Policy and security headers. */
import { expect, test } from "./support/fixtures";
import { inlineHandlerRuns, watchCsp } from "../../../tooling/e2e/csp";

test("pages load and hydrate under the enforced CSP with no violation, and carry the security headers", async ({
  page,
  makeProduct,
}) => {
  const csp = await watchCsp(page);
  const product = await makeProduct(`CSP Lamp ${Date.now().toString(36)}`, [
    { code: `CSP-${Date.now().toString(36)}`, attributes: { colour: "Red" }, price: "4.00", stock: 3 },
  ]);

  const response = await page.goto("/");
  const headers = response?.headers() ?? {};
  const policy = headers["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["strict-transport-security"]).toBeUndefined(); // plain http here
  // Hydrated: Next's runtime (scripts carrying the nonce) ran.
  await page.waitForFunction(() => "next" in window);

  // A product page too: its JSON-LD block and client-side SKU picker.
  await page.goto(`/products/${product.id}`);
  await page.waitForFunction(() => "next" in window);
  await expect(page.getByRole("heading", { name: product.title })).toBeVisible();
  expect(await csp.violations()).toEqual([]);
  expect(csp.console).toEqual([]);

  // Enforced, not merely sent: an inline handler is refused and reported.
  expect(await inlineHandlerRuns(page)).toBe(false);
  expect(await csp.violations()).toEqual(["script-src-attr inline"]);
});
