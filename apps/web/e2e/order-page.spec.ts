/** The order page's countdown runs on the server's clock, whatever the browser's clock says. */
import { expect, test, uniqueId } from "./support/fixtures";
import { buyNow } from "./support/pages";

test("the countdown follows the server's clock when the browser's is 10 minutes fast", async ({
  page,
  makeProduct,
  makeCustomer,
  signIn,
}) => {
  const id = uniqueId();
  const product = await makeProduct(`Wall Clock ${id}`, [
    { code: `CLK-${id}`, attributes: { face: "White" }, price: "9.00", stock: 5 },
  ]);
  const customer = await makeCustomer({ USD: "20.00" });
  await page.clock.install({ time: Date.now() + 10 * 60_000 });
  await signIn(customer);

  const orderId = await buyNow(page, product);
  const countdown = page.getByTestId("countdown");
  await expect(countdown).toHaveText(/^(29:[0-5]\d|30:00)$/);
  await expect(page.getByTestId("order-status")).toHaveText("Unpaid");

  // A reload (and so a fresh measurement) agrees.
  await page.reload();
  await expect(countdown).toHaveText(/^(29:[0-5]\d|30:00)$/);
  await expect(page.getByRole("button", { name: "Pay $9.00" })).toBeEnabled();
  expect(orderId).toBeGreaterThan(0);
});
