/** Small page helpers shared by the storefront specs (web-first assertions only, no sleeps). */
import { expect, type Page } from "@playwright/test";
import { usd, type TestProduct } from "./fixtures";

export async function expectUsdBalance(
  page: Page,
  expected: { available: string; frozen: string; total?: string },
): Promise<void> {
  await page.goto("/wallet");
  const card = page.getByTestId("wallet-card-USD");
  await expect(card.getByTestId("available")).toHaveText(usd(expected.available));
  await expect(card.getByTestId("frozen")).toHaveText(usd(expected.frozen));
  if (expected.total) await expect(card.getByTestId("total")).toHaveText(usd(expected.total));
}

/** Selects a SKU on the product page by its attribute values (e.g. { colour: "Red" }). */
export async function chooseSku(page: Page, attributes: Record<string, string>): Promise<void> {
  for (const value of Object.values(attributes)) {
    const option = page.getByTestId("sku-picker").getByLabel(value, { exact: true });
    await option.check();
    await expect(option).toBeChecked();
  }
}

/** Product page -> Buy now -> checkout -> Place order; returns the new order's id. */
export async function buyNow(page: Page, product: TestProduct, skuIndex = 0, quantity = 1): Promise<number> {
  const sku = product.skus[skuIndex]!;
  await page.goto(`/products/${product.id}`);
  await chooseSku(page, sku.attributes);
  if (quantity !== 1) await page.getByLabel("Quantity", { exact: true }).fill(String(quantity));
  await page.getByRole("button", { name: "Buy now" }).click();
  await expect(page).toHaveURL(/\/checkout\?/);
  await page.getByRole("button", { name: /^Place order/ }).click();
  return orderIdFromUrl(page);
}

export async function orderIdFromUrl(page: Page): Promise<number> {
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  return Number(new URL(page.url()).pathname.split("/").pop());
}
