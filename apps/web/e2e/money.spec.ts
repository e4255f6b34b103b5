/**
 * Money rules seen from the storefront: cancelling gives the hold back, a short balance offers a
 * deposit of exactly what is missing, and double clicks never pay or order twice.
 */
import { expect, test, uniqueId, type MakeProduct } from "./support/fixtures";
import { buyNow, expectUsdBalance, orderIdFromUrl } from "./support/pages";

test.describe.configure({ mode: "parallel" });

/** A one-SKU product at $12.50 with plenty of stock. */
function lanternProduct(makeProduct: MakeProduct) {
  const id = uniqueId();
  return makeProduct(`Desk Lamp ${id}`, [
    { code: `LAMP-${id}`, attributes: { finish: "Brass" }, price: "12.50", stock: 20 },
  ]);
}

test("cancelling an unpaid order returns the held funds", async ({ page, makeProduct, makeCustomer, signIn, snap }) => {
  const product = await lanternProduct(makeProduct);
  const customer = await makeCustomer({ USD: "50.00" });
  await signIn(customer);

  const orderId = await buyNow(page, product, 0, 2);
  await expect(page.getByTestId("order-status")).toHaveText("Unpaid");
  await expect(page.getByTestId("held-amount")).toHaveText("$25.00");
  await expectUsdBalance(page, { available: "25.00", frozen: "25.00" });

  await page.goto(`/orders/${orderId}`);
  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel order" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  await expect(page.getByTestId("order-cancelled")).toContainText("$25.00 that was held is back in your wallet");
  await expect(page.getByTestId("order-timeline")).toContainText("Cancelled");
  await snap("order-cancelled");

  await expectUsdBalance(page, { available: "50.00", frozen: "0.00", total: "50.00" });
  await expect(
    page.getByTestId("ledger-line").filter({ hasText: `Order #${orderId} closed, hold released` }),
  ).toHaveCount(2);
});

test("insufficient funds offers a deposit of the missing amount", async ({
  page,
  makeProduct,
  makeCustomer,
  signIn,
  snap,
}) => {
  const product = await lanternProduct(makeProduct);
  const customer = await makeCustomer({ USD: "5.00" });
  await signIn(customer);

  await page.goto(`/products/${product.id}`);
  await page.getByRole("button", { name: "Buy now" }).click();
  await expect(page.getByTestId("checkout-total")).toHaveText("$12.50");

  // Warned before placing, and refused with the same way forward when trying anyway.
  await expect(page.getByTestId("funds-warning").getByRole("link", { name: "Deposit $7.50" })).toHaveAttribute(
    "href",
    "/wallet?deposit=USD&amount=7.50",
  );
  await page.getByRole("button", { name: /^Place order/ }).click();
  const error = page.getByTestId("error-INSUFFICIENT_FUNDS");
  await expect(error).toContainText("Not enough money in your wallet");
  await expect(error).toContainText("This costs $12.50, but you have $5.00 available in USD.");
  const deposit = error.getByRole("link", { name: "Deposit $7.50" });
  await expect(deposit).toHaveAttribute("href", "/wallet?deposit=USD&amount=7.50");
  await snap("insufficient-funds");

  await deposit.click();
  await expect(page).toHaveURL(/\/wallet\?deposit=USD&amount=7\.50$/);
  await expect(page.getByRole("tabpanel").getByLabel("Amount")).toHaveValue("7.50");
  await page.getByRole("button", { name: "Deposit $7.50" }).click();
  await expect(page.getByTestId("wallet-card-USD").getByTestId("available")).toHaveText("$12.50");

  await page.goBack();
  await expect(page).toHaveURL(/\/checkout\?/);
  await page.getByRole("button", { name: "Place order · $12.50" }).click();
  await orderIdFromUrl(page);
  await expect(page.getByTestId("order-status")).toHaveText("Unpaid");
});

test("a double click on Pay pays once", async ({ page, makeProduct, makeCustomer, signIn }) => {
  const product = await lanternProduct(makeProduct);
  const customer = await makeCustomer({ USD: "40.00" });
  await signIn(customer);
  const orderId = await buyNow(page, product);

  const pay = page.getByRole("button", { name: "Pay $12.50" });
  await expect(pay).toBeEnabled();
  await pay.dblclick();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");

  await expectUsdBalance(page, { available: "27.50", frozen: "0.00", total: "27.50" });
  await expect(page.getByTestId("ledger-line").filter({ hasText: `Order #${orderId} paid` })).toHaveCount(1);
  // And on the server, whatever the browser did: exactly one settlement for the order.
  const ledger = await customer.api.wallet.ledger.query({ currency: "USD", limit: 100 });
  expect(ledger.items.filter((l) => l.orderId === orderId && l.type === "ORDER_SETTLE")).toHaveLength(1);
  const orders = await customer.api.order.list.query({ limit: 10 });
  expect(orders.items.map((o) => [o.id, o.status])).toEqual([[orderId, "PAID"]]);
});

test("pay requests sent twice (a retry) settle once", async ({ page, makeProduct, makeCustomer, signIn }) => {
  const product = await lanternProduct(makeProduct);
  const customer = await makeCustomer({ USD: "40.00" });
  await signIn(customer);
  const orderId = await buyNow(page, product);

  // Two pay calls racing, as a retry after a lost response would: one settlement, both see PAID.
  const [a, b] = await Promise.all([
    customer.api.order.pay.mutate({ orderId }),
    customer.api.order.pay.mutate({ orderId }),
  ]);
  expect([a.status, b.status]).toEqual(["PAID", "PAID"]);
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expectUsdBalance(page, { available: "27.50", frozen: "0.00" });
  await expect(page.getByTestId("ledger-line").filter({ hasText: `Order #${orderId} paid` })).toHaveCount(1);
});

test("a double click on Place order places one order", async ({ page, makeProduct, makeCustomer, signIn }) => {
  const product = await lanternProduct(makeProduct);
  const customer = await makeCustomer({ USD: "40.00" });
  await signIn(customer);

  await page.goto(`/products/${product.id}`);
  await page.getByRole("button", { name: "Buy now" }).click();
  await page.getByRole("button", { name: "Place order · $12.50" }).dblclick();
  const orderId = await orderIdFromUrl(page);
  await expect(page.getByTestId("order-status")).toHaveText("Unpaid");

  const orders = await customer.api.order.list.query({ limit: 10 });
  expect(orders.items.map((o) => o.id)).toEqual([orderId]);
  await expectUsdBalance(page, { available: "27.50", frozen: "12.50" });
});
