import { prepared, preparedQuery, Prisma, type Db, type DbTx } from "@trade/db";
import { DomainError, fail } from "../errors/index.ts";
import { apiEnv } from "../env.ts";
import type { Deps } from "../infra/deps.ts";
import { requestHash } from "../infra/request-hash.ts";
import { runTx } from "../infra/tx.ts";
import { Money, toWire } from "../money/server.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { requireCurrency } from "../wallet/currencies.ts";
import { placementSql, type PlacementRow } from "./place-statement.ts";
import { getOrderForBuyer, orderItemView, type OrderView } from "./view.ts";

export interface PlaceOrderInput {
  items: { skuId: number; quantity: number }[];
  idempotencyKey: string;
}

export interface PricedLine {
  skuId: number;
  quantity: number;
  unitPrice: Money;
  title: string;
  code: string;
  productId: number;
}

/**
 * Place order = hold funds (available -> frozen) + hold stock (stock -> stock_locked) + UNPAID
 * order due in ORDER_TTL_SECONDS, atomically:
 * 1. one read, outside any transaction: the idempotency key (a replay returns the stored order)
 *    and the SKUs with their products and merchant, to price the order and refuse early (a
 *    sold-out SKU never touches its lock);
 * 2. one interactive transaction running one statement (`placementSql`) that locks the buyer's
 *    account, then the SKUs in ascending id, re-checks everything under those locks and writes
 *    the order, its items, the ORDER_HOLD journal and the stock hold, or nothing at all. The hot
 *    SKU is the last lock taken, so it is held only from that statement to COMMIT.
 * The response is built from what was written (the same view `order.get` returns), without
 * reading the order back.
 */
export async function placeOrder({ db, redis }: Deps, buyer: { id: number; status: string }, input: PlaceOrderInput): Promise<OrderView & { replayed: boolean }> {
  if (buyer.status === "FROZEN") fail("ACCOUNT_FROZEN");
  const demand = aggregateDemand(input.items);
  const hash = requestHash({ items: demand.map(([skuId, quantity]) => [skuId, quantity]) });

  const read = await readForPlacement(db, buyer.id, input.idempotencyKey, demand);
  if (read.existing) return replay(db, buyer.id, read.existing, hash);

  const { lines, merchant, currency } = priceLines(read.skus, demand);
  const scale = (await requireCurrency(db, currency, false)).scale;
  const total = lines.reduce((sum, l) => sum.plus(l.unitPrice.times(l.quantity)), new Prisma.Decimal(0));
  const accountId = await walletAccountId(db, buyer.id, currency);
  const expiresAt = new Date(Date.now() + apiEnv().ORDER_TTL_SECONDS * 1000);

  const sql = placementSql({ buyerId: buyer.id, merchantId: merchant.id, accountId, currency, total, expiresAt, idempotencyKey: input.idempotencyKey, requestHash: hash, lines });
  // One Prisma interactive transaction around the placement statement, which takes the row
  // locks itself (account, then SKUs by id) with SELECT ... FOR NO KEY UPDATE. Prepared: its
  // planning cost about as much as its execution.
  const row = (await runTx(db, (tx) => tx.$queryRaw<PlacementRow[]>(prepared(sql))))[0];
  if (!row) fail("INTERNAL", undefined, "order placement returned no row");

  if (row.order_id === null || row.created_at === null) {
    // Nothing was written. If the key was claimed meanwhile (a concurrent duplicate, or one that
    // committed since the read above), that order is the answer, whatever else changed.
    const winner = await findByKey(db, buyer.id, input.idempotencyKey);
    if (winner) return replay(db, buyer.id, winner, hash);
    if (!row.funds_ok) throw await fundsError(db, accountId, currency, total, scale);
    const refusal = row.refusal;
    if (!refusal) fail("IDEMPOTENCY_IN_FLIGHT");
    if (refusal.code === "NOT_FOUND") fail("NOT_FOUND", { resource: "sku" });
    if (refusal.code === "NOT_LISTED" || refusal.code === "PRICE_CHANGED") fail(refusal.code, { skuId: refusal.skuId });
    fail("OUT_OF_STOCK", { skuId: refusal.skuId, available: refusal.stock });
  }
  await invalidateBalances(redis, [buyer.id]);
  return {
    id: row.order_id, status: "UNPAID", currency, scale, total: toWire(total, scale), buyerId: buyer.id, merchant,
    expiresAt, createdAt: row.created_at, paidAt: null, cancelledAt: null, expiredAt: null,
    items: lines.map((l) => orderItemView(l, scale)),
    replayed: false,
  };
}

/** Two cart lines on one SKU must be checked as one demand (Medusa 16502). Sorted by SKU id. */
export function aggregateDemand(items: PlaceOrderInput["items"]): [number, number][] {
  if (items.length === 0) fail("BAD_REQUEST", { field: "items" }, "An order needs at least one item.");
  const demand = new Map<number, number>();
  for (const { skuId, quantity } of items) demand.set(skuId, (demand.get(skuId) ?? 0) + quantity);
  for (const quantity of demand.values()) if (quantity > 10_000) fail("OUT_OF_STOCK");
  return [...demand.entries()].sort(([a], [b]) => a - b);
}


type PlacementReadRow = {
  existing_id: number | null;
  existing_hash: string | null;
  id: number | null;
  code: string | null;
  /** A string from node-postgres, a Decimal from Prisma. */
  price: string | Prisma.Decimal | null;
  currency: string | null;
  status: string | null;
  stock: number | null;
  merchant_id: number | null;
  merchant_name: string | null;
  attributes: Prisma.JsonValue;
  product_id: number | null;
  product_title: string | null;
  product_status: string | null;
};

interface SkuForPricing {
  id: number;
  code: string;
  price: Money;
  currency: string;
  status: string;
  stock: number;
  merchantId: number;
  merchantName: string;
  attributes: Prisma.JsonValue;
  productId: number;
  product: { title: string; status: string };
}

/**
 * The placement read: the order already stored under the key (if any) and the demanded SKUs with
 * product and merchant (exported for the benchmark's raw SQL phases).
 */
export function placementReadSql(buyerId: number, key: string, skuIds: number[]): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id AS existing_id, e.request_hash AS existing_hash,
           s.id, s.code, s.price, s.currency, s.status::text AS status, s.stock, s.merchant_id, u.name AS merchant_name, s.attributes,
           p.id AS product_id, p.title AS product_title, p.status::text AS product_status
      FROM (SELECT 1) AS one
      LEFT JOIN orders e ON e.buyer_id = ${buyerId} AND e.idempotency_key = ${key}
      LEFT JOIN (skus s JOIN products p ON p.id = s.product_id JOIN users u ON u.id = s.merchant_id)
             ON s.id = ANY(${skuIds}::int[])
     ORDER BY s.id`;
}

/** One round trip: the order already stored under the key (if any) and the demanded SKUs. */
async function readForPlacement(db: Db, buyerId: number, key: string, demand: [number, number][]): Promise<{ existing: { id: number; requestHash: string } | null; skus: SkuForPricing[] }> {
  const rows = await preparedQuery<PlacementReadRow>(db, placementReadSql(buyerId, key, demand.map(([id]) => id)));
  const first = rows[0];
  const existing = first?.existing_id != null && first.existing_hash != null ? { id: first.existing_id, requestHash: first.existing_hash } : null;
  const skus: SkuForPricing[] = [];
  for (const r of rows) {
    if (r.id === null || r.code === null || r.price === null || r.currency === null || r.status === null || r.stock === null || r.merchant_id === null || r.product_id === null || r.product_title === null || r.product_status === null) continue;
    skus.push({
      id: r.id, code: r.code, price: new Money(r.price), currency: r.currency, status: r.status, stock: r.stock, merchantId: r.merchant_id, merchantName: r.merchant_name ?? "",
      attributes: r.attributes, productId: r.product_id, product: { title: r.product_title, status: r.product_status },
    });
  }
  return { existing, skus };
}

function priceLines(skus: SkuForPricing[], demand: [number, number][]): { lines: PricedLine[]; merchant: { id: number; name: string }; currency: string } {
  const byId = new Map(skus.map((s) => [s.id, s]));
  const lines: PricedLine[] = [];
  for (const [skuId, quantity] of demand) {
    const sku = byId.get(skuId);
    if (!sku) fail("NOT_FOUND", { resource: "sku", skuId });
    if (sku.status !== "LISTED" || sku.product.status !== "LISTED") fail("NOT_LISTED", { skuId });
    // Fast refusal without taking any lock: once a SKU is sold out, requests never touch its row lock.
    if (sku.stock < quantity) fail("OUT_OF_STOCK", { skuId, available: sku.stock });
    lines.push({ skuId, quantity, unitPrice: sku.price, title: lineTitle(sku.product.title, sku.attributes, sku.code), code: sku.code, productId: sku.productId });
  }
  const first = skus[0];
  if (!first) fail("NOT_FOUND", { resource: "sku" });
  if (skus.some((s) => s.merchantId !== first.merchantId)) fail("MERCHANT_MISMATCH");
  if (skus.some((s) => s.currency !== first.currency)) fail("CURRENCY_MISMATCH");
  return { lines, merchant: { id: first.merchantId, name: first.merchantName }, currency: first.currency };
}

async function findByKey(db: DbTx, buyerId: number, key: string): Promise<{ id: number; requestHash: string } | null> {
  return db.order.findUnique({ where: { buyerId_idempotencyKey: { buyerId, idempotencyKey: key } }, select: { id: true, requestHash: true } });
}

function lineTitle(title: string, attributes: Prisma.JsonValue, code: string): string {
  const attrs = attributes && typeof attributes === "object" && !Array.isArray(attributes) ? Object.values(attributes).filter((v) => typeof v === "string" || typeof v === "number") : [];
  return attrs.length > 0 ? `${title} (${attrs.join(", ")})` : `${title} (${code})`;
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
