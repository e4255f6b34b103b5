import { expect, test, type Page } from "@playwright/test";
import { screenshot, signIn, usd } from "./support/admin";
import { api, errorCodeOf, registerMember, type Member } from "./support/api";
import { ADMIN_URL, MERCHANT_EMAIL, WEB_URL, unique } from "./support/env";

/**
 * The merchant's whole loop across both apps: create a product with two SKUs and list it ->
 * the storefront shows it -> a member orders it (UNPAID in the admin) -> pays (PAID, settled in
 * the merchant's ledger) -> the merchant delists it (the confirmation counts the UNPAID orders)
 * -> the storefront no longer shows it and ordering it is refused with NOT_LISTED.
 */
test.describe.configure({ mode: "serial" });

interface OrderView {
  id: number;
  status: string;
  total: string;
}

async function addSku(page: Page, sku: { code: string; colour: string; price: string; stock: string }) {
  await page.getByRole("button", { name: "Add SKU", exact: true }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("SKU code").fill(sku.code);
  await dialog.getByLabel("Attribute 1 name").fill("colour");
  await dialog.getByLabel("Attribute 1 value").fill(sku.colour);
  await dialog.getByLabel("Price").fill(sku.price);
  await dialog.getByLabel("Currency").selectOption("USD");
  await dialog.getByLabel("Initial stock").fill(sku.stock);
  await dialog.getByRole("button", { name: "Add SKU" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(`tr[data-sku="${sku.code}"]`)).toContainText(usd(sku.price));
}

/** The storefront's link to the product (its card in the catalogue). */
function storefrontCard(page: Page, productId: number) {
  return page.locator(`main a[href="/products/${productId}"]`).first();
}

async function placeOrder(member: Member, skuId: number, quantity: number): Promise<OrderView> {
  return api.mutate<OrderView>(
    "order.place",
    { items: [{ skuId, quantity }], idempotencyKey: `admin-e2e-${unique()}` },
    member.token,
  );
}

test("merchant lists a product, sees it ordered, paid and settled, then delists it", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = unique();
  const title = `E2E Desk Lamp ${suffix}`;
  const codes = { brass: `E2E-LAMP-BRASS-${suffix}`.toUpperCase(), black: `E2E-LAMP-BLACK-${suffix}`.toUpperCase() };
  let productId = 0;

  await test.step("merchant creates the product with two SKUs and lists it", async () => {
    await signIn(page, MERCHANT_EMAIL);
    await page.goto(`${ADMIN_URL}/products/new`);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("A warm brass desk lamp, made for the end-to-end test.");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.waitForURL(/\/products\/\d+$/);
    productId = Number(new URL(page.url()).pathname.split("/").pop());
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Draft");

    await addSku(page, { code: codes.brass, colour: "brass", price: "49.90", stock: "10" });
    await addSku(page, { code: codes.black, colour: "black", price: "45.00", stock: "5" });

    await page.getByRole("button", { name: "List in shop" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Listed");
    await screenshot(page, "product");
  });

  await test.step("the storefront shows it", async () => {
    await page.goto(`${WEB_URL}/?q=${encodeURIComponent(title)}`);
    await expect(storefrontCard(page, productId)).toBeVisible();
    await expect(storefrontCard(page, productId)).toContainText(title);
    await page.goto(`${WEB_URL}/products/${productId}`);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  });

  const member = await registerMember("buyer", suffix);
  await api.mutate(
    "wallet.deposit",
    { currency: "USD", amount: "500.00", idempotencyKey: `admin-e2e-deposit-${suffix}` },
    member.token,
  );
  const product = await api.query<{ skus: { id: number; code: string }[] }>("catalog.product", { id: productId });
  const brass = product.skus.find((s) => s.code === codes.brass);
  const black = product.skus.find((s) => s.code === codes.black);
  expect(brass && black).toBeTruthy();

  let order: OrderView = { id: 0, status: "", total: "" };
  await test.step("a member orders it: the merchant sees the UNPAID order", async () => {
    order = await placeOrder(member, brass!.id, 2);
    expect(order.status).toBe("UNPAID");
    expect(order.total).toBe("99.80");

    await page.goto(`${ADMIN_URL}/orders?status=UNPAID`);
    const row = page.locator(`tr[data-order="${order.id}"]`);
    await expect(row).toContainText("Unpaid");
    await expect(row).toContainText(usd("99.80"));
    await row.getByRole("link", { name: `#${order.id}` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Order #${order.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Unpaid");
    await expect(page.getByText(member.email)).toBeVisible();
    await expect(page.getByTestId("order-total")).toHaveText(usd("99.80"));
    await expect(page.getByText("Awaiting payment")).toBeVisible();
    await screenshot(page, "order-unpaid");
  });

  await test.step("the member pays: the merchant sees it PAID and the settlement in the ledger", async () => {
    const paid = await api.mutate<OrderView>("order.pay", { orderId: order.id }, member.token);
    expect(paid.status).toBe("PAID");

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Paid");
    await expect(page.getByText("Settled to your account in USD.")).toBeVisible();
    await screenshot(page, "order-paid");

    await page.goto(`${ADMIN_URL}/money?currency=USD`);
    const settlement = page
      .locator('tr[data-type="ORDER_SETTLE"]')
      .filter({ has: page.getByRole("link", { name: `Order #${order.id}` }) });
    await expect(settlement).toContainText("Settlement");
    await expect(settlement).toContainText(`+${usd("99.80")}`);
    await screenshot(page, "money");
  });

  const unpaid = await placeOrder(member, black!.id, 1);

  await test.step("stock cannot be removed below what the UNPAID order holds", async () => {
    await page.goto(`${ADMIN_URL}/products/${productId}`);
    const row = page.locator(`tr[data-sku="${codes.black}"]`);
    await expect(row.locator("td").nth(3)).toHaveText("4");
    await expect(row.locator("td").nth(4)).toHaveText("1");
    await row.getByRole("button", { name: `Adjust stock of ${codes.black}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Remove (−)").check();
    await dialog.getByLabel("Quantity").fill("5");
    await dialog.getByLabel("Reason").fill("stock count");
    await dialog.getByRole("button", { name: "Remove stock" }).click();
    await expect(dialog.getByRole("alert")).toContainText("only 4 unit(s) are in stock and free to remove");
    await screenshot(page, "stock-refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step("the merchant delists it, warned about the UNPAID order", async () => {
    await page.getByRole("button", { name: "Delist", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("1 unpaid order includes this product");
    await screenshot(page, "delist-confirm");
    await dialog.getByRole("button", { name: "Delist anyway" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Delisted");
  });

  await test.step("the storefront no longer shows it and ordering it is refused", async () => {
    await page.goto(`${WEB_URL}/?q=${encodeURIComponent(title)}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await expect(storefrontCard(page, productId)).toHaveCount(0);
    // The product page streams, so its "not found" arrives with status 200: check the content.
    await page.goto(`${WEB_URL}/products/${productId}`);
    await expect(page.getByRole("main").getByRole("heading").first()).toBeVisible();
    await expect(page.getByRole("heading", { name: title })).toHaveCount(0);
    expect(await errorCodeOf(api.query("catalog.product", { id: productId }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(placeOrder(member, brass!.id, 1))).toBe("NOT_LISTED");
    expect(await errorCodeOf(placeOrder(member, black!.id, 1))).toBe("NOT_LISTED");
    // An order placed before the delisting can still be paid.
    expect((await api.mutate<OrderView>("order.pay", { orderId: unpaid.id }, member.token)).status).toBe("PAID");
  });
});
