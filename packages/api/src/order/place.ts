import { Prisma, type DbTx } from "@trade/db";
import { DomainError, fail } from "../errors/index.ts";
import { apiEnv } from "../env.ts";
import type { Deps } from "../infra/deps.ts";
import { requestHash } from "../infra/request-hash.ts";
import { runTx } from "../infra/tx.ts";
import { Money, toWire } from "../money/server.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { requireCurrency } from "../wallet/currencies.ts";
import { postJournal } from "../wallet/post-journal.ts";
import { holdStock } from "../inventory/hold.ts";
import { getOrderForBuyer, type OrderView } from "./view.ts";

export interface PlaceOrderInput {
  items: { skuId: number; quantity: number }[];
  idempotencyKey: string;
}

interface PricedLine {
  skuId: number;
  quantity: number;
  unitPrice: Money;
  title: string;
}

/**
 * Place order = hold funds (available -> frozen) + hold stock (stock -> stock_locked) + UNPAID
 * order due in ORDER_TTL_SECONDS, in one transaction. Reading and pricing happen before the
 * transaction; inside it the order row is claimed first (idempotency), then the buyer's account
 * is moved under its lock, and the SKUs are locked LAST, each by a guarded UPDATE, so the hot
 * SKU row stays locked only from that statement to COMMIT.
 */
export async function placeOrder({ db, redis }: Deps, buyer: { id: number; status: string }, input: PlaceOrderInput): Promise<OrderView & { replayed: boolean }> {
  if (buyer.status === "FROZEN") fail("ACCOUNT_FROZEN");
  const demand = aggregateDemand(input.items);
  const hash = requestHash({ items: demand.map(([skuId, quantity]) => [skuId, quantity]) });

  const existing = await db.order.findUnique({ where: { buyerId_idempotencyKey: { buyerId: buyer.id, idempotencyKey: input.idempotencyKey } }, select: { id: true, requestHash: true } });
  if (existing) return replay(db, buyer.id, existing, hash);

  const { lines, merchantId, currency } = await priceLines(db, demand);
  const scale = (await requireCurrency(db, currency, false)).scale;
  const total = lines.reduce((sum, l) => sum.plus(l.unitPrice.times(l.quantity)), new Prisma.Decimal(0));
  const accountId = await walletAccountId(db, buyer.id, currency);
  const expiresAt = new Date(Date.now() + apiEnv().ORDER_TTL_SECONDS * 1000);

  let orderId: number | null;
  try {
    orderId = await runTx(db, async (tx) => {
      const id = await insertOrder(tx, { buyerId: buyer.id, merchantId, currency, total, expiresAt, key: input.idempotencyKey, hash, lines });
      if (id === null) return null;
      await postJournal(tx, {
        type: "ORDER_HOLD", currency, orderId: id,
        lines: [
          { accountId, bucket: "AVAILABLE", amount: total.negated() },
          { accountId, bucket: "FROZEN", amount: total },
        ],
      });
      await holdStock(tx, lines);
      return id;
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "INSUFFICIENT_FUNDS") throw await fundsError(db, accountId, currency, total, scale);
    throw error;
  }
  if (orderId === null) {
    const winner = await db.order.findUnique({ where: { buyerId_idempotencyKey: { buyerId: buyer.id, idempotencyKey: input.idempotencyKey } }, select: { id: true, requestHash: true } });
    if (!winner) fail("IDEMPOTENCY_IN_FLIGHT");
    return replay(db, buyer.id, winner, hash);
  }
  await invalidateBalances(redis, [buyer.id]);
  return { ...(await getOrderForBuyer(db, buyer.id, orderId)), replayed: false };
}

/** Two cart lines on one SKU must be checked as one demand (Medusa 16502). Sorted by SKU id. */
export function aggregateDemand(items: PlaceOrderInput["items"]): [number, number][] {
  if (items.length === 0) fail("BAD_REQUEST", { field: "items" }, "An order needs at least one item.");
  const demand = new Map<number, number>();
  for (const { skuId, quantity } of items) demand.set(skuId, (demand.get(skuId) ?? 0) + quantity);
  for (const quantity of demand.values()) if (quantity > 10_000) fail("OUT_OF_STOCK");
  return [...demand.entries()].sort(([a], [b]) => a - b);
}

async function priceLines(db: DbTx, demand: [number, number][]): Promise<{ lines: PricedLine[]; merchantId: number; currency: string }> {
  const skus = await db.sku.findMany({
    where: { id: { in: demand.map(([id]) => id) } },
    select: { id: true, code: true, price: true, currency: true, status: true, stock: true, merchantId: true, attributes: true, product: { select: { title: true, status: true } } },
  });
  const byId = new Map(skus.map((s) => [s.id, s]));
  const lines: PricedLine[] = [];
  for (const [skuId, quantity] of demand) {
    const sku = byId.get(skuId);
    if (!sku) fail("NOT_FOUND", { resource: "sku", skuId });
    if (sku.status !== "LISTED" || sku.product.status !== "LISTED") fail("NOT_LISTED", { skuId });
    // Fast refusal without a transaction: once a SKU is sold out, requests never touch its lock.
    if (sku.stock < quantity) fail("OUT_OF_STOCK", { skuId, available: sku.stock });
    lines.push({ skuId, quantity, unitPrice: sku.price, title: lineTitle(sku.product.title, sku.attributes, sku.code) });
  }
  const first = skus[0];
  if (!first) fail("NOT_FOUND", { resource: "sku" });
  if (skus.some((s) => s.merchantId !== first.merchantId)) fail("MERCHANT_MISMATCH");
  if (skus.some((s) => s.currency !== first.currency)) fail("CURRENCY_MISMATCH");
  return { lines, merchantId: first.merchantId, currency: first.currency };
}

function lineTitle(title: string, attributes: Prisma.JsonValue, code: string): string {
  const attrs = attributes && typeof attributes === "object" && !Array.isArray(attributes) ? Object.values(attributes).filter((v) => typeof v === "string" || typeof v === "number") : [];
  return attrs.length > 0 ? `${title} (${attrs.join(", ")})` : `${title} (${code})`;
}

interface NewOrder {
  buyerId: number;
  merchantId: number;
  currency: string;
  total: Money;
  expiresAt: Date;
  key: string;
  hash: string;
  lines: PricedLine[];
}

/** Claims the idempotency key and writes order + items in one statement; null if the key exists. */
async function insertOrder(tx: DbTx, o: NewOrder): Promise<number | null> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    WITH o AS (
      INSERT INTO orders (buyer_id, merchant_id, currency, total, idempotency_key, request_hash, expires_at)
      VALUES (${o.buyerId}, ${o.merchantId}, ${o.currency}, ${o.total.toString()}::numeric, ${o.key}, ${o.hash}, ${o.expiresAt})
      ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
      RETURNING id
    ), items AS (
      INSERT INTO order_items (order_id, sku_id, quantity, unit_price, title)
      SELECT o.id, l.sku_id, l.quantity, l.unit_price, l.title
        FROM o, unnest(${o.lines.map((l) => l.skuId)}::int[], ${o.lines.map((l) => l.quantity)}::int[],
                       ${o.lines.map((l) => l.unitPrice.toString())}::numeric[], ${o.lines.map((l) => l.title)}::text[]) AS l(sku_id, quantity, unit_price, title)
    )
    SELECT id FROM o`;
  return rows[0]?.id ?? null;
}

async function replay(db: DbTx, buyerId: number, existing: { id: number; requestHash: string }, hash: string): Promise<OrderView & { replayed: boolean }> {
  if (existing.requestHash !== hash) fail("IDEMPOTENCY_CONFLICT");
  return { ...(await getOrderForBuyer(db, buyerId, existing.id)), replayed: true };
}

async function fundsError(db: DbTx, accountId: number, currency: string, total: Money, scale: number): Promise<DomainError> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { balance: true } });
  const available = account?.balance ?? new Prisma.Decimal(0);
  const missing = total.minus(available);
  return new DomainError("INSUFFICIENT_FUNDS", { currency, required: toWire(total, scale), available: toWire(available, scale), missing: toWire(missing.isNegative() ? 0 : missing, scale) });
}
