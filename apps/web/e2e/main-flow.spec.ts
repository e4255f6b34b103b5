/**
 * The storefront's main flow, as a new customer does it, on desktop and (project web-mobile) on a
 * phone: register -> deposit 100 USD -> search -> two SKUs in the cart -> checkout -> UNPAID
 * order with a live countdown and the money held -> pay -> PAID, balance and stock reduced.
 */
import { expect, PASSWORD, test, uniqueId } from "./support/fixtures";
import { chooseSku, expectUsdBalance, orderIdFromUrl } from "./support/pages";

test("register, deposit, search, add two SKUs, check out, pay", async ({ page, makeProduct, snap }) => {
  // A whole customer journey (a dozen pages, screenshots of each): ~45-60 s on a busy 2-core box,
  // too close to the 60 s default.
  test.setTimeout(180_000);
  const id = uniqueId();
  const product = await makeProduct(`Storm Lantern ${id}`, [
    { code: `LAN-RED-${id}`, attributes: { colour: "Red" }, price: "12.50", stock: 10 },
    { code: `LAN-BLU-${id}`, attributes: { colour: "Blue" }, price: "20.00", stock: 5 },
  ]);
  const [red, blue] = product.skus;

  await test.step("register", async () => {
    await page.goto("/register");
    await page.getByLabel("Your name").fill(`Flow Tester ${id}`);
    await page.getByLabel("Email").fill(`flow-${id}@trade.test`);
    await page.getByLabel("Password").fill(PASSWORD);
    await snap("register");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/");
    await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
  });

  await test.step("deposit 100 USD", async () => {
    await page.goto("/wallet");
    const form = page.getByRole("tabpanel");
    await form.getByLabel("Currency", { exact: true }).selectOption("USD");
    await form.getByLabel("Amount").fill("100");
    await page.getByRole("button", { name: /^Deposit \$100\.00$/ }).click();
    await expect(page.getByTestId("deposit-result")).toContainText("$100.00 was added to your wallet");
    await expect(page.getByTestId("wallet-card-USD").getByTestId("available")).toHaveText("$100.00");
  });

  await test.step("search the catalogue", async () => {
    await page.goto("/");
    const search = page.getByRole("searchbox", { name: "Search", exact: true });
    await search.fill(`Lantern ${id}`);
    await search.press("Enter");
    await expect(page).toHaveURL(new RegExp(`q=Lantern`));
    const card = page.getByTestId("product-card").filter({ hasText: product.title });
    await expect(card).toHaveCount(1);
    await expect(page.getByTestId("product-card")).toHaveCount(1);
    await expect(card).toContainText("$12.50");
    await expect(card).toContainText("$20.00");
    await snap("catalogue-search");
    await card.getByRole("link", { name: product.title }).click();
    await expect(page.getByRole("heading", { level: 1, name: product.title })).toBeVisible();
  });

  await test.step("add two SKUs to the cart", async () => {
    await chooseSku(page, red!.attributes);
    await expect(page.getByTestId("stock")).toHaveText("In stock · 10 available");
    await page.getByRole("button", { name: "Increase quantity" }).click();
    await expect(page.getByLabel("Quantity", { exact: true })).toHaveValue("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText("Added to your cart")).toBeVisible();
    await expect(page.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();

    await chooseSku(page, blue!.attributes);
    await expect(page.getByTestId("stock")).toHaveText("Only 5 left");
    await expect(page.getByTestId("sku-price")).toHaveText("$20.00");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("link", { name: "Cart, 3 items" })).toBeVisible();
    await snap("product");
  });

  await test.step("cart, grouped by merchant and currency", async () => {
    await page.getByRole("link", { name: "Cart, 3 items" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    const group = page.getByTestId("cart-group").filter({ hasText: product.merchantName });
    await expect(group.getByTestId("cart-line")).toHaveCount(2);
    await expect(group.getByTestId("cart-group-total")).toHaveText("$45.00");
    // Quantities are editable in place; the total follows at once (optimistic) and stays.
    const redLine = group.getByTestId("cart-line").filter({ hasText: "Colour: Red" });
    await redLine.getByRole("button", { name: /^Increase quantity/ }).click();
    await expect(redLine.getByRole("spinbutton")).toHaveValue("3");
    await expect(group.getByTestId("cart-group-total")).toHaveText("$57.50");
    await expect(page.getByRole("link", { name: "Cart, 4 items" })).toBeVisible();
    await redLine.getByRole("button", { name: /^Decrease quantity/ }).click();
    await expect(group.getByTestId("cart-group-total")).toHaveText("$45.00");
    await expect(page.getByRole("link", { name: "Cart, 3 items" })).toBeVisible();
    // The optimistic total shows before the server has both changes (they are sent one after
    // another); reload once the page no longer says it is saving.
    await expect(page.getByTestId("cart-saving")).toHaveCount(0);
    await page.reload();
    await expect(group.getByTestId("cart-group-total")).toHaveText("$45.00");
    await snap("cart");
    await group.getByRole("link", { name: /^Checkout/ }).click();
  });

  let orderId = 0;
  await test.step("checkout shows the total and the wallet balance", async () => {
    await expect(page).toHaveURL(/\/checkout\?/);
    await expect(page.getByTestId("checkout-line")).toHaveCount(2);
    await expect(page.getByTestId("checkout-total")).toHaveText("$45.00");
    await expect(page.getByTestId("checkout-balance")).toHaveText("$100.00");
    await snap("checkout");
    await page.getByRole("button", { name: "Place order · $45.00" }).click();
    orderId = await orderIdFromUrl(page);
  });

  await test.step("UNPAID order with a live countdown and the money held", async () => {
    await expect(page.getByTestId("order-status")).toHaveText("Unpaid");
    const countdown = page.getByTestId("countdown");
    await expect(countdown).toHaveText(/^(29:[0-5]\d|30:00)$/);
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first ?? "");
    await expect(page.getByTestId("held-amount")).toHaveText("$45.00");
    await snap("order-unpaid");
    await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();

    await expectUsdBalance(page, { available: "55.00", frozen: "45.00", total: "100.00" });
    await snap("wallet-held");
  });

  await test.step("pay", async () => {
    await page.goto(`/orders/${orderId}`);
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByTestId("order-status")).toHaveText("Paid");
    await expect(page.getByTestId("order-paid")).toContainText(`You paid $45.00 to ${product.merchantName}`);
    await expect(page.getByTestId("order-timeline")).toContainText("Paid");
    await snap("order-paid");
  });

  await test.step("balance reduced", async () => {
    await expectUsdBalance(page, { available: "55.00", frozen: "0.00", total: "55.00" });
    await expect(page.getByTestId("ledger-line").filter({ hasText: `Order #${orderId} paid` })).toHaveCount(1);
    await snap("wallet-paid");
  });

  await test.step("stock on the product page reduced", async () => {
    await page.goto(`/products/${product.id}`);
    await chooseSku(page, red!.attributes);
    await expect(page.getByTestId("stock")).toHaveText("In stock · 8 available");
    await chooseSku(page, blue!.attributes);
    await expect(page.getByTestId("stock")).toHaveText("Only 4 left");
  });

  await test.step("the order is listed as paid", async () => {
    await page.goto("/orders?status=PAID");
    await expect(
      page.getByTestId("order-row").filter({ hasText: new RegExp(`Order #${orderId}(?!\\d)`) }),
    ).toContainText("Paid");
    await snap("orders");
  });
});
