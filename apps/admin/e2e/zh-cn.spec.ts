import { expect, test } from "@playwright/test";
import { ADMIN_URL, DEMO_PASSWORD, MERCHANT_EMAIL, unique } from "./support/env";

/**
 * A merchant whose browser speaks Chinese (Playwright's `locale` sets the Accept-Language header)
 * uses the admin in Chinese: signs in, creates a product, adds a SKU priced in yuan, lists it, and
 * sees it in the product list, every step asserting the Chinese words. Screenshots are attached
 * to the test's report.
 */
test.use({ locale: "zh-CN" });

test("a Chinese-speaking merchant creates, prices and lists a product", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const suffix = unique();
  const title = `青瓷茶杯 ${suffix}`;
  const code = `ZH-CUP-${suffix}`.toUpperCase();
  const shot = async (name: string) =>
    testInfo.attach(`zh-${name}`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await test.step("sign in, in Chinese", async () => {
    await page.goto(`${ADMIN_URL}/login`);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { name: "Trade 管理后台" })).toBeVisible();
    await page.getByLabel("邮箱").fill(MERCHANT_EMAIL);
    await page.getByLabel("密码").fill("wrong-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "邮箱或密码错误。" })).toBeVisible();
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/dashboard$/);
    await expect(page.getByRole("heading", { level: 1, name: "概览" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "商品" })).toBeVisible();
    await shot("dashboard");
  });

  await test.step("create a product and add a SKU priced in yuan", async () => {
    await page.goto(`${ADMIN_URL}/products/new`);
    await expect(page.getByRole("heading", { level: 1, name: "新建商品" })).toBeVisible();
    await page.getByRole("button", { name: "创建商品" }).click();
    await expect(page.getByText("请输入标题。")).toBeVisible();
    await page.getByLabel("标题").fill(title);
    await page.getByLabel("描述").fill("手工青瓷，端到端测试专用。");
    await page.getByRole("button", { name: "创建商品" }).click();
    await page.waitForURL(/\/products\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("草稿");

    await page.getByRole("button", { name: "添加 SKU", exact: true }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("SKU 编码").fill(code);
    await dialog.getByLabel("属性 1 名称").fill("釉色");
    await dialog.getByLabel("属性 1 值").fill("天青");
    await dialog.getByLabel("币种").selectOption("CNY");
    await dialog.getByLabel("价格").fill("88.005");
    await dialog.getByLabel("初始库存").fill("12");
    await dialog.getByRole("button", { name: "添加 SKU" }).click();
    await expect(dialog.getByText("最多 2 位小数")).toBeVisible();
    await dialog.getByLabel("价格").fill("88.00");
    await dialog.getByRole("button", { name: "添加 SKU" }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator(`tr[data-sku="${code}"]`);
    await expect(row).toContainText("¥88.00");
    await expect(row).toContainText("已上架");
    await shot("product-draft");
  });

  await test.step("list it and find it in the product list", async () => {
    await page.getByRole("button", { name: "上架", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已上架");
    await page.goto(`${ADMIN_URL}/products?q=${encodeURIComponent(title)}`);
    await expect(page.getByRole("heading", { level: 1, name: "商品" })).toBeVisible();
    await expect(page.getByRole("table", { name: "商品" })).toContainText(title);
    await expect(page.getByRole("navigation", { name: "商品分页" })).toContainText("第 1–1 条");
    await shot("products");
  });
});
