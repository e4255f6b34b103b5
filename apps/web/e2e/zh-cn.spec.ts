/**
 * The storefront's main flow in Simplified Chinese: a browser whose language is zh-CN (Playwright's
 * `locale` sets navigator.language and the Accept-Language header) gets the shop in Chinese
 * without choosing anything: register -> deposit -> add to cart -> check out -> pay, every step
 * asserting the Chinese words, and money as a Chinese reader sees it (US$ for dollars, ¥ for
 * yuan, JP¥ for yen). Then the switcher: English, remembered across a reload, and back.
 */
import { expect, PASSWORD, test, uniqueId } from "./support/fixtures";
import { chooseSku, orderIdFromUrl } from "./support/pages";

test.use({ locale: "zh-CN" });

test("a Chinese-speaking customer shops, pays and switches language", async ({ page, makeProduct, snap }) => {
  test.setTimeout(180_000);
  const id = uniqueId();
  const product = await makeProduct(`Tea Cup ${id}`, [
    { code: `CUP-USD-${id}`, attributes: { glaze: "Celadon" }, price: "12.50", stock: 10 },
    { code: `CUP-CNY-${id}`, attributes: { glaze: "Ru" }, price: "88.00", stock: 5, currency: "CNY" },
    { code: `CUP-JPY-${id}`, attributes: { glaze: "Raku" }, price: "500", stock: 5, currency: "JPY" },
  ]);

  await test.step("the browser's language picks Chinese", async () => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: "发现好物" })).toBeVisible();
    await expect(page.getByRole("group", { name: "语言" }).getByRole("button", { name: "简体中文" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(page).toHaveTitle(/Trade：独立商户好物集市/);
  });

  await test.step("register", async () => {
    await page.goto("/register");
    await expect(page.getByRole("heading", { level: 1, name: "注册账户" })).toBeVisible();
    await page.getByLabel("您的姓名").fill(`王小明 ${id}`);
    await page.getByLabel("邮箱").fill(`zh-${id}@trade.test`);
    await page.getByLabel("密码").fill(PASSWORD);
    await snap("zh-register");
    await page.getByRole("button", { name: "注册" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/");
    await expect(page.getByRole("link", { name: "购物车，0 件商品" })).toBeVisible();
  });

  await test.step("deposit 100 USD", async () => {
    await page.goto("/wallet");
    await expect(page.getByRole("heading", { level: 1, name: "钱包" })).toBeVisible();
    const form = page.getByRole("tabpanel");
    await form.getByLabel("币种", { exact: true }).selectOption("USD");
    await form.getByLabel("金额").fill("100");
    await page.getByRole("button", { name: "充值 US$100.00" }).click();
    await expect(page.getByTestId("deposit-result")).toContainText("US$100.00 已存入您的钱包。");
    await expect(page.getByTestId("wallet-card-USD")).toContainText("美元");
    await expect(page.getByTestId("wallet-card-USD")).toContainText("冻结");
    await snap("zh-wallet");
  });

  await test.step("the product page: yuan and yen never share a sign", async () => {
    await page.goto(`/products/${product.id}`);
    await expect(page.getByRole("heading", { level: 2, name: "商品详情" })).toBeVisible();
    await chooseSku(page, { glaze: "Ru" });
    await expect(page.getByTestId("sku-price")).toHaveText("¥88.00");
    await chooseSku(page, { glaze: "Raku" });
    await expect(page.getByTestId("sku-price")).toHaveText("JP¥500");
    await chooseSku(page, { glaze: "Celadon" });
    await expect(page.getByTestId("sku-price")).toHaveText("US$12.50");
    await expect(page.getByTestId("stock")).toHaveText("有货 · 库存 10 件");
    await page.getByRole("button", { name: "加入购物车" }).click();
    await expect(page.getByText("已加入购物车")).toBeVisible();
    await expect(page.getByRole("link", { name: "购物车，1 件商品" })).toBeVisible();
    await snap("zh-product");
  });

  let orderId = 0;
  await test.step("cart and checkout", async () => {
    await page.getByRole("link", { name: "购物车，1 件商品" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "购物车" })).toBeVisible();
    const group = page.getByTestId("cart-group").filter({ hasText: product.merchantName });
    await expect(group).toContainText("以 USD 支付");
    await expect(group.getByTestId("cart-group-total")).toHaveText("US$12.50");
    await expect(page.getByTestId("cart-saving")).toHaveCount(0);
    await snap("zh-cart");
    await group.getByRole("link", { name: /^结算/ }).click();
    await expect(page).toHaveURL(/\/checkout\?/);
    await expect(page.getByRole("heading", { level: 1, name: "结算" })).toBeVisible();
    await expect(page.getByTestId("checkout-balance")).toHaveText("US$100.00");
    await snap("zh-checkout");
    await page.getByRole("button", { name: "提交订单 · US$12.50" }).click();
    orderId = await orderIdFromUrl(page);
  });

  await test.step("pay the UNPAID order", async () => {
    await expect(page.getByTestId("order-status")).toHaveText("待支付");
    await expect(page.getByText("剩余支付时间")).toBeVisible();
    await expect(page.getByTestId("held-amount")).toHaveText("US$12.50");
    await snap("zh-order-unpaid");
    await page.getByRole("button", { name: "支付 US$12.50" }).click();
    await expect(page.getByTestId("order-status")).toHaveText("已支付");
    await expect(page.getByTestId("order-paid")).toContainText(`向 ${product.merchantName} 支付 US$12.50`);
    await expect(page.getByTestId("order-timeline")).toContainText("已下单");
    await snap("zh-order-paid");
  });

  await test.step("the ledger and the orders list in Chinese", async () => {
    await page.goto("/wallet");
    await expect(page.getByTestId("ledger-line").filter({ hasText: `订单 #${orderId} 已支付` })).toHaveCount(1);
    await page.goto("/orders?status=PAID");
    await expect(page.getByRole("heading", { level: 1, name: "我的订单" })).toBeVisible();
    await expect(page.getByTestId("order-row").filter({ hasText: `订单 #${orderId}` })).toContainText("已支付");
    await snap("zh-orders");
  });

  await test.step("the switcher: English, remembered, and back", async () => {
    await page.goto("/");
    const switcher = page.getByRole("group", { name: "语言" });
    await switcher.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Discover products" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    // The choice outranks the browser's zh-CN on the next request too.
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Discover products" })).toBeVisible();
    // By keyboard: Tab reaches the buttons, Enter picks.
    const chinese = page.getByRole("group", { name: "Language" }).getByRole("button", { name: "简体中文" });
    await chinese.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "发现好物" })).toBeVisible();
    await snap("zh-catalogue");
  });
});
