/**
 * Registers a member, gets a bearer token, deposits, buys the cheapest USD item and pays for it,
 * over HTTP against a running shop (`npm start`):
 *   npx tsx packages/api/examples/buy-with-token.ts [http://localhost:3000]
 */
import { randomUUID } from "node:crypto";
import { createTradeClient, errorCodeOf } from "../src/client.ts";

const base = (process.argv[2] ?? "http://localhost:3000").replace(/\/$/, "");
const url = `${base}/api/trpc`;

async function main(): Promise<void> {
  const anonymous = createTradeClient({ url });
  const email = `api-example-${randomUUID().slice(0, 8)}@example.com`;
  const password = "an example passphrase";
  await anonymous.auth.register.mutate({ email, password, name: "API example" });
  const { token } = await anonymous.auth.issueToken.mutate({ email, password, name: "example script" });
  console.log(`registered ${email}; token ${token.slice(0, 10)}…`);

  const trade = createTradeClient({ url, token });
  const deposit = await trade.wallet.deposit.mutate({
    currency: "USD",
    amount: "100.00",
    idempotencyKey: randomUUID(),
  });
  console.log(`deposited ${deposit.amount} ${deposit.currency}`);

  const page = await trade.catalog.list.query({ currency: "USD", sort: "price_asc", limit: 5 });
  const productId = page.items[0]?.id;
  if (!productId) throw new Error("the catalogue has no USD products: run `npm run db:seed`");
  const product = await trade.catalog.product.query({ id: productId });
  const sku = product.skus.find((s) => s.currency === "USD" && s.available > 0);
  if (!sku) throw new Error(`${product.title} is sold out`);

  // One idempotency key per intent: retrying this call with the same key never buys twice.
  const intent = randomUUID();
  const order = await trade.order.place.mutate({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: intent });
  console.log(
    `order #${order.id}: ${order.status}, ${order.total} ${order.currency} held until ${order.expiresAt.toISOString()}`,
  );
  const retry = await trade.order.place.mutate({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: intent });
  console.log(`retry with the same key returned order #${retry.id} (replayed: ${retry.replayed})`);

  const paid = await trade.order.pay.mutate({ orderId: order.id });
  console.log(`order #${paid.id}: ${paid.status} at ${paid.paidAt?.toISOString()}`);
  const usd = (await trade.wallet.accounts.query()).find((a) => a.currency === "USD");
  console.log(`USD wallet: available ${usd?.available}, frozen ${usd?.frozen}`);
}

main().catch((error: unknown) => {
  console.error(`failed: ${errorCodeOf(error) ?? ""} ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
