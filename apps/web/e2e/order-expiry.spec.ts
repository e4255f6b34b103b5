/** An order running out of time while its page is open. */
import { setOrderDeadline } from "./support/database";
import { expect, test, uniqueId } from "./support/fixtures";
import { buyNow, expectUsdBalance } from "./support/pages";

test("the countdown reaches zero: the page says the order expired, Pay is gone, the money comes back", async ({
  page,
  makeProduct,
  makeCustomer,
  signIn,
}) => {
  const id = uniqueId();
  const product = await makeProduct(`Hourglass ${id}`, [
    { code: `HG-${id}`, attributes: { sand: "White" }, price: "7.00", stock: 3 },
  ]);
  const customer = await makeCustomer({ USD: "20.00" });
  await signIn(customer);
  const orderId = await buyNow(page, product);
  await expect(page.getByTestId("countdown")).toHaveText(/^(29:[0-5]\d|30:00)$/);

  // Due in a few seconds; the reloaded page counts down to it without any further action.
  await setOrderDeadline(orderId, 6);
  await page.reload();
  const countdown = page.getByTestId("countdown");
  await expect(countdown).toHaveText(/^00:0[0-6]$/);
  await expect(page.getByRole("button", { name: "Pay $7.00" })).toBeEnabled();
  // The header's wallet shows what is free to spend: 20.00 less the 7.00 held.
  const header = page.getByTestId("wallet-summary");
  await expect(header).toHaveText(/\$13\.00/);

  const expired = page.getByTestId("order-expired");
  await expect(expired).toBeVisible({ timeout: 15_000 });
  await expect(expired).toContainText("This order expired");
  await expect(expired).toContainText("nothing was charged");
  await expect(page.getByTestId("order-status")).toHaveText("Expired");
  await expect(page.getByRole("button", { name: /^Pay / })).toHaveCount(0);
  await expect(countdown).toHaveCount(0);

  // The job closes it (it runs every second in the e2e stack) and the page follows.
  await expect(expired).toContainText("is back in your wallet", { timeout: 15_000 });
  // The header follows the release without a reload (the closed order refreshed the balances).
  await expect(header).toHaveText(/\$20\.00/);
  // The API refuses a late payment too.
  const late = await customer.api.order.pay.mutate({ orderId }).catch((error: unknown) => error);
  expect((late as { data?: { domainCode?: string } }).data?.domainCode).toBe("ORDER_EXPIRED");
  await expectUsdBalance(page, { available: "20.00", frozen: "0.00" });
});

test("Pay pressed after the deadline passed on the server is refused with a clear message", async ({
  page,
  makeProduct,
  makeCustomer,
  signIn,
}) => {
  const id = uniqueId();
  const product = await makeProduct(`Sundial ${id}`, [
    { code: `SD-${id}`, attributes: { stone: "Grey" }, price: "4.00", stock: 3 },
  ]);
  const customer = await makeCustomer({ USD: "10.00" });
  await signIn(customer);
  const orderId = await buyNow(page, product);
  await expect(page.getByTestId("countdown")).toHaveText(/^(29:[0-5]\d|30:00)$/);

  // The page still counts down from 30 minutes; the server's deadline has passed. The job (every
  // second) may close the order before the Pay arrives, while the page re-reads the order after
  // the refusal, or later: each step below holds whichever it is.
  await setOrderDeadline(orderId, -1);
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/trpc/order.pay");
  await page.getByRole("button", { name: "Pay $4.00" }).click();
  // ORDER_EXPIRED for a due UNPAID order and for one the job has already closed.
  expect(domainCodes(await (await answer).json())).toEqual(["ORDER_EXPIRED"]);
  // On screen: the refusal while the server still has the order UNPAID; once the page has read it
  // closed, the expired panel instead, which says the same (the refusal is not repeated under it).
  await expect(
    page
      .getByTestId("error-ORDER_EXPIRED")
      .or(page.getByTestId("order-expired"))
      .filter({ hasText: "This order expired" })
      .first(),
  ).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText(/Expired|Unpaid/);

  // Nothing was charged: once the job has closed the order, every cent is back. Waited for on the
  // order's page (which follows an order that ran out until it is closed), not assumed to be done.
  await page.goto(`/orders/${orderId}`);
  const expired = page.getByTestId("order-expired");
  await expect(expired).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay / })).toHaveCount(0);
  await expect(expired).toContainText("is back in your wallet", { timeout: 15_000 });
  await expectUsdBalance(page, { available: "10.00", frozen: "0.00" });
});

/** The domain codes of a tRPC batch answer (superjson on the wire), one per call; undefined for a success. */
function domainCodes(body: unknown): (string | undefined)[] {
  return (body as { error?: { json?: { data?: { domainCode?: string } } } }[]).map(
    (call) => call.error?.json?.data?.domainCode,
  );
}
