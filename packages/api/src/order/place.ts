import { prepared, type Db, type DbTx } from "@trade/db";
import { DomainError, fail } from "../errors/index.ts";
import { apiEnv } from "../env.ts";
import type { Deps } from "../infra/deps.ts";
import type { Policy } from "../policy.ts";
import { requestHash } from "../infra/request-hash.ts";
import { runTx } from "../infra/tx.ts";
import { MAX_LINE_QUANTITY } from "../inventory/limits.ts";
import { consolidateBuckets } from "../inventory/consolidate.ts";
import { Money, toWire } from "../money/server.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { requireCurrency } from "../wallet/currencies.ts";
import { PLACEMENT_PLAN_MODE } from "./place-plan.ts";
import { placementSql, type Placement, type PlacementRow } from "./place-statement.ts";
import { markSoldOut, soldOutShortfall } from "./sold-out.ts";
import { getOrderForBuyer, orderViewFromStored, type OrderView } from "./view.ts";

export interface PlaceOrderInput {
  items: { skuId: number; quantity: number }[];
  idempotencyKey: string;
}

/**
 * Place order = hold funds (available -> frozen) + hold stock (stock -> stock_locked) + UNPAID
 * order due in ORDER_TTL_SECONDS, atomically, in one interactive transaction running one
 * statement (`placementSql`): it reads the idempotency key and the SKUs (pricing, early
 * refusals: a sold-out SKU never touches its lock), locks the buyer's account, then the SKUs in
 * ascending id, re-checks everything under those locks and writes the order, its items, the
 * ORDER_HOLD journal and the stock hold, or nothing at all. The hot SKU is the last lock taken,
 * so it is held only from that statement to COMMIT. The response is built from what the
 * statement wrote (the same view `order.get` returns), without reading the order back.
 */
export async function placeOrder(
  { db, redis, policy }: Deps & { policy: Pick<Policy, "maxOpenOrders" | "maxHeldUnitsPerSku"> },
  buyer: { id: number; status: string },
  input: PlaceOrderInput,
): Promise<OrderView & { replayed: boolean }> {
  if (buyer.status === "FROZEN") fail("ACCOUNT_FROZEN");
  const demand = aggregateDemand(input.items);
  const hash = requestHash({ items: demand.map(([skuId, quantity]) => [skuId, quantity]) });
  const placement: Placement = {
    buyerId: buyer.id,
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
    demand,
    expiresAt: new Date(Date.now() + apiEnv().ORDER_TTL_SECONDS * 1000),
    maxOpenOrders: policy.maxOpenOrders,
    maxHeldUnitsPerSku: policy.maxHeldUnitsPerSku,
  };

  // After a sell-out: a SKU this process saw sold out is checked by one unlocked read first.
  const shortfall = await soldOutShortfall(db, buyer.id, input.idempotencyKey, demand);
  if (shortfall) fail("OUT_OF_STOCK", { skuId: shortfall.skuId, available: shortfall.available });

  let row = await runPlacement(db, placement);
  if (row.existing_id === null && row.refusal === null && row.account_id === null && row.currency !== null) {
    // No wallet in the currency yet (added after the buyer registered, not yet backfilled by the
    // job): create it, so nobody waits for the job, and place again.
    await walletAccountId(db, buyer.id, row.currency);
    row = await runPlacement(db, placement);
  }
  if (row.existing_id !== null && row.existing_hash !== null)
    return replay(db, buyer.id, { id: row.existing_id, requestHash: row.existing_hash }, hash);
  if (row.refusal) refuse(row.refusal);

  const {
    order_id: orderId,
    created_at: createdAt,
    currency,
    merchant_id: merchantId,
    merchant_name: merchantName,
    total,
    items,
  } = row;
  if (
    orderId === null ||
    createdAt === null ||
    currency === null ||
    merchantId === null ||
    merchantName === null ||
    total === null ||
    items === null
  ) {
    // Nothing was written. If the key was claimed meanwhile (a concurrent duplicate), that order
    // is the answer, whatever else changed.
    const winner = await findByKey(db, buyer.id, input.idempotencyKey);
    if (winner) return replay(db, buyer.id, winner, hash);
    if (!row.funds_ok) throw await fundsError(db, row);
    if (row.hold_refusal) fail("HOLD_LIMIT", row.hold_refusal);
    if (row.lock_refusal) refuse(row.lock_refusal);
    fail("IDEMPOTENCY_IN_FLIGHT");
  }
  await invalidateBalances(redis, [buyer.id]);
  const view = await orderViewFromStored(
    db,
    {
      id: orderId,
      status: "UNPAID",
      currency,
      total: new Money(total),
      buyerId: buyer.id,
      merchant: { id: merchantId, name: merchantName },
      expiresAt: placement.expiresAt,
      createdAt,
      paidAt: null,
      cancelledAt: null,
      expiredAt: null,
    },
    items,
  );
  return { ...view, replayed: false };
}

async function runPlacement(db: Db, placement: Placement): Promise<PlacementRow> {
  // A SKU that entered or left flash-sale mode between the statement's read and its lock was
  // locked the wrong way and nothing was written (MODE_CHANGED): the next run reads the new mode.
  // A flash SKU none of whose buckets alone held the quantity (BUCKETS_SHORT, nothing written):
  // its buckets are rebalanced in a transaction of their own (`consolidateBuckets`: all bucket
  // locks, ascending) and the placement runs again, claiming a rebalanced bucket unless other
  // buyers took them first. OUT_OF_STOCK only when the sum under those locks is short. Its own
  // transaction, not the placement's: a placement may still hold a bucket lock it took out of
  // order (a SKIP LOCKED probe whose bucket had changed), and waiting for all buckets while
  // holding one deadlocked under load.
  const quantities = new Map(placement.demand);
  let waitForBucket = false;
  for (let attempt = 0; attempt < 16; attempt++) {
    const row = await placeOnce(db, { ...placement, waitForBucket });
    const refusal = row.lock_refusal;
    // Every bucket that held the quantity was locked: the next run waits for one.
    if (refusal?.code === "BUCKETS_BUSY") waitForBucket = true;
    else if (refusal?.code === "BUCKETS_SHORT") {
      const wanted = quantities.get(refusal.skuId) ?? 0;
      const available = await runTx(db, (tx) => consolidateBuckets(tx, refusal.skuId, wanted));
      if (available !== null && available < wanted)
        return { ...row, lock_refusal: { ...refusal, code: "OUT_OF_STOCK", stock: available } };
    } else if (refusal?.code !== "MODE_CHANGED") return row;
  }
  fail("BUSY");
}

async function placeOnce(db: Db, placement: Placement): Promise<PlacementRow> {
  // One Prisma interactive transaction around the placement statement, which takes the row
  // locks itself (account, then SKUs by id, then a flash SKU's bucket) with SELECT ... FOR NO
  // KEY UPDATE / FOR SHARE. Prepared, and run with its generic plan (PLACEMENT_PLAN_MODE): its
  // planning costs several times its execution.
  const sql = placementSql(placement);
  const row = (
    await runTx(db, async (tx) => {
      await tx.$executeRawUnsafe(PLACEMENT_PLAN_MODE);
      return tx.$queryRaw<PlacementRow[]>(prepared(sql));
    })
  )[0];
  if (!row) fail("INTERNAL", undefined, "order placement returned no row");
  return row;
}

function refuse(refusal: NonNullable<PlacementRow["refusal"] | PlacementRow["lock_refusal"]>): never {
  const { code, skuId } = refusal;
  // Resolved inside runPlacement; one reaching here means its retries ran out.
  if (code === "MODE_CHANGED" || code === "BUCKETS_BUSY" || code === "BUCKETS_SHORT") fail("BUSY");
  if (code === "NOT_FOUND") fail("NOT_FOUND", skuId === null ? { resource: "sku" } : { resource: "sku", skuId });
  if (code === "OUT_OF_STOCK") {
    if (skuId !== null && refusal.stock === 0) markSoldOut(skuId);
    fail("OUT_OF_STOCK", { skuId, available: refusal.stock });
  }
  if (code === "MERCHANT_MISMATCH" || code === "CURRENCY_MISMATCH") fail(code);
  fail(code, { skuId });
}

/** Two cart lines on one SKU must be checked as one demand (Medusa 16502). Sorted by SKU id. */
export function aggregateDemand(items: PlaceOrderInput["items"]): [number, number][] {
  if (items.length === 0) fail("BAD_REQUEST", { field: "items" }, "An order needs at least one item.");
  const demand = new Map<number, number>();
  for (const { skuId, quantity } of items) demand.set(skuId, (demand.get(skuId) ?? 0) + quantity);
  for (const [skuId, quantity] of demand)
    if (quantity > MAX_LINE_QUANTITY) fail("QUANTITY_LIMIT", { skuId, max: MAX_LINE_QUANTITY });
  return [...demand.entries()].sort(([a], [b]) => a - b);
}

async function findByKey(db: DbTx, buyerId: number, key: string): Promise<{ id: number; requestHash: string } | null> {
  return db.order.findUnique({
    where: { buyerId_idempotencyKey: { buyerId, idempotencyKey: key } },
    select: { id: true, requestHash: true },
  });
}

async function replay(
  db: DbTx,
  buyerId: number,
  existing: { id: number; requestHash: string },
  hash: string,
): Promise<OrderView & { replayed: boolean }> {
  if (existing.requestHash !== hash) fail("IDEMPOTENCY_CONFLICT");
  return { ...(await getOrderForBuyer(db, buyerId, existing.id)), replayed: true };
}

async function fundsError(db: DbTx, row: PlacementRow): Promise<DomainError> {
  const currency = row.currency ?? "";
  const scale = (await requireCurrency(db, currency, false)).scale;
  const required = new Money(row.total ?? 0);
  const available = new Money(row.available ?? 0);
  const missing = required.minus(available);
  return new DomainError("INSUFFICIENT_FUNDS", {
    currency,
    required: toWire(required, scale),
    available: toWire(available, scale),
    missing: toWire(missing.isNegative() ? 0 : missing, scale),
  });
}
