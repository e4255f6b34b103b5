import type { Db, Role } from "@trade/db";
import type { Inventory } from "../inventory/port.ts";
import { registerNewSkus, type NewSku } from "../inventory/remote-stock.ts";
import { runTx } from "../infra/tx.ts";
import { hashPassword } from "../member/password.ts";
import { normaliseEmail } from "../member/email.ts";
import { bootstrapPlatform } from "../ops/bootstrap.ts";
import { ensureWalletAccounts } from "../wallet/accounts.ts";
import { DEFAULT_BALANCE_LIMITS } from "../wallet/balance-limits.ts";
import { deposit } from "../wallet/deposit.ts";
import { northwind, productImage, sakura, type DemoProduct } from "./catalogue.ts";

export const DEMO_PASSWORD = "demo-password-1";

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "ops@trade.test", name: "Olivia Operator", role: "OPERATOR" },
  { email: "merchant1@trade.test", name: "Northwind Goods", role: "MERCHANT" },
  { email: "merchant2@trade.test", name: "Sakura Supply", role: "MERCHANT" },
  { email: "demo@trade.test", name: "Dana Demo", role: "MEMBER" },
];

/**
 * Idempotent demo data: safe to run on every start. Money enters only through deposits. In
 * remote inventory mode the SKUs' stock is registered in the inventory service (as a merchant's
 * new SKU's is); without `inventory` it goes into the order database, and `handOverStock` moves
 * it when the cluster switches to remote mode.
 */
export async function seedDemo(db: Db, inventory?: Inventory): Promise<{ created: boolean }> {
  await bootstrapPlatform(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, number>();
  let created = false;
  for (const u of DEMO_USERS) {
    const email = normaliseEmail(u.email);
    const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
    const user =
      existing ??
      (await db.user.create({ data: { email, name: u.name, role: u.role, passwordHash }, select: { id: true } }));
    created ||= !existing;
    ids.set(u.email, user.id);
  }
  await ensureWalletAccounts(db, [...ids.values()]);
  await seedProducts(db, ids.get("merchant1@trade.test")!, northwind, inventory);
  await seedProducts(db, ids.get("merchant2@trade.test")!, sakura, inventory);
  const demo = ids.get("demo@trade.test")!;
  const deps = { db, redis: null, policy: DEFAULT_BALANCE_LIMITS };
  // Fixed idempotency keys: re-running the seed never deposits twice.
  await deposit(deps, demo, { currency: "USD", amount: "500.00", idempotencyKey: "seed-demo-usd" });
  await deposit(deps, demo, { currency: "CNY", amount: "3000.00", idempotencyKey: "seed-demo-cny" });
  await deposit(deps, demo, { currency: "JPY", amount: "80000", idempotencyKey: "seed-demo-jpy" });
  return { created };
}

async function seedProducts(
  db: Db,
  merchantId: number,
  products: DemoProduct[],
  inventory: Inventory | undefined,
): Promise<void> {
  const remote = inventory?.kind === "remote";
  for (const p of products) {
    const existing = await db.product.findFirst({ where: { merchantId, title: p.title }, select: { id: true } });
    if (existing) continue;
    const registrations: NewSku[] = [];
    await runTx(db, async (tx) => {
      const product = await tx.product.create({
        data: {
          merchantId,
          title: p.title,
          description: p.description,
          imageUrl: productImage(p.title, p.hue),
          status: "LISTED",
        },
        select: { id: true },
      });
      for (const s of p.skus) {
        const sku = await tx.sku.create({
          data: {
            productId: product.id,
            merchantId,
            code: s.code,
            attributes: s.attributes,
            price: s.price,
            currency: p.currency,
            stock: remote ? 0 : s.stock,
          },
          select: { id: true },
        });
        if (remote) registrations.push({ skuId: sku.id, merchantId, stock: s.stock });
        else if (s.stock > 0)
          await tx.stockMovement.create({
            data: { skuId: sku.id, delta: s.stock, reason: "initial stock", actorId: merchantId },
          });
      }
    });
    if (inventory?.kind === "remote") await registerNewSkus(inventory, registrations, merchantId);
  }
}
