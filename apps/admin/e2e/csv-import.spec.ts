import { expect, test, type Page } from "@playwright/test";
import { screenshot, signIn } from "./support/admin";
import { ADMIN_URL, MERCHANT_EMAIL, unique } from "./support/env";

/** CSV import: one bad row is reported by its number and nothing at all is imported. */
const HEADER = "product_title,description,image_url,sku_code,attributes,price,currency,stock,status";

function csvFile(rows: string[]) {
  return { name: "products.csv", mimeType: "text/csv", buffer: Buffer.from([HEADER, ...rows].join("\n") + "\n") };
}

async function productsMatching(page: Page, title: string) {
  await page.goto(`${ADMIN_URL}/products?q=${encodeURIComponent(title)}`);
  await expect(page.getByText("Loading products…")).toHaveCount(0);
  return page.locator("tbody tr").filter({ hasText: title });
}

test("a CSV with one bad row reports the row and imports nothing; the fixed file imports", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = unique();
  const title = `E2E Import Mug ${suffix}`;
  const good = [
    `${title},Stoneware mug,,E2E-MUG-BLUE-${suffix},colour=blue,12.50,USD,20,listed`,
    `${title},Stoneware mug,,E2E-MUG-RED-${suffix},colour=red,12.50,USD,20,listed`,
  ];
  const bad = `${title},Stoneware mug,,E2E-MUG-GREEN-${suffix},colour=green,12.505,USD,20,listed`;

  await signIn(page, MERCHANT_EMAIL);
  await page.goto(`${ADMIN_URL}/products/import`);

  await test.step("the dry run reports row 3 and imports nothing", async () => {
    await page.getByLabel("CSV file").setInputFiles(csvFile([good[0]!, good[1]!, bad]));
    await page.getByRole("button", { name: "2. Check file (dry run)" }).click();
    const report = page.getByTestId("import-report");
    await expect(report).toContainText("1 row has an error: nothing was imported");
    const errorRow = report.getByRole("row").filter({ hasText: "12.505" });
    await expect(errorRow.getByRole("cell").first()).toHaveText("3");
    await expect(errorRow).toContainText('price "12.505" is not valid for USD (2 decimals)');
    await expect(page.getByRole("button", { name: "3. Import" })).toBeDisabled();
    await screenshot(page, "import-errors");
    await expect(await productsMatching(page, title)).toHaveCount(0);
  });

  await test.step("importing the bad file directly is refused as a whole", async () => {
    await page.goto(`${ADMIN_URL}/products/import`);
    await page.getByLabel("CSV file").setInputFiles(csvFile([good[0]!, bad, good[1]!]));
    await page.getByRole("button", { name: "3. Import" }).click();
    await expect(page.getByTestId("import-report")).toContainText("1 row has an error: nothing was imported");
    await expect(
      page.getByTestId("import-report").getByRole("row").filter({ hasText: "12.505" }).getByRole("cell").first(),
    ).toHaveText("2");
    await expect(await productsMatching(page, title)).toHaveCount(0);
  });

  await test.step("the fixed file passes the dry run and imports one product with two SKUs", async () => {
    await page.goto(`${ADMIN_URL}/products/import`);
    await page.getByLabel("CSV file").setInputFiles(csvFile(good));
    await page.getByRole("button", { name: "2. Check file (dry run)" }).click();
    await expect(page.getByTestId("import-report")).toContainText("Ready to import 1 product(s) with 2 SKU(s)");
    await page.getByRole("button", { name: "3. Import" }).click();
    await expect(page.getByTestId("import-report")).toContainText("1 product(s) with 2 SKU(s) were imported");
    const rows = await productsMatching(page, title);
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText("Listed");
  });
});
