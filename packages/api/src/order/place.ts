import { prepared, type Db } from "@trade/db";
import { fail } from "../errors/index.ts";
import { apiEnv } from "../env.ts";
import { inventoryOf, type Deps } from "../infra/deps.ts";
import type { Policy } from "../policy.ts";
import { requestHash } from "../infra/request-hash.ts";
import { runTx } from "../infra/tx.ts";
import { MAX_LINE_QUANTITY } from "../inventory/limits.ts";
import { runWithBucketRetries } from "../inventory/claim-retry.ts";
import { consolidateBuckets } from "../inventory/consolidate.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { placeRemote } from "../coordinator/place.ts";
import { findByKey, fundsError, placedView, refuse, replay } from "./place-outcome.ts";
import { PLACEMENT_PLAN_MODE } from "./place-plan.ts";
import { placementSql, type Placement, type PlacementRow } from "./place-statement.ts";
import { soldOutShortfall } from "./sold-out.ts";
import type { OrderView } from "./view.ts";

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
  deps: Deps & { policy: Pick<Policy, "maxOpenOrders" | "maxHeldUnitsPerSku"> },
  buyer: { id: number; status: string },
  input: PlaceOrderInput,
): Promise<OrderView & { replayed: boolean }> {
  const { db, redis, policy } = deps;
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
  // Remote mode: the stock branch is the inventory service's Try, coordinated by the log.
  const inventory = inventoryOf(deps);
  if (inventory.kind === "remote") return placeRemote({ db, redis, inventory }, placement);

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
  return placedView(db, buyer.id, placement, { orderId, createdAt, currency, merchantId, merchantName, total, items });
}

async function runPlacement(db: Db, placement: Placement): Promise<PlacementRow> {
  // Flash-sale refusals (MODE_CHANGED, BUCKETS_BUSY, BUCKETS_SHORT) are resolved by running
  // again, as the inventory service's Try does (`runWithBucketRetries`).
  const outcome = await runWithBucketRetries(
    new Map(placement.demand),
    (waitForBucket) => placeOnce(db, { ...placement, waitForBucket }),
    (row) => row.lock_refusal,
    (skuId, wanted) => runTx(db, (tx) => consolidateBuckets(tx, skuId, wanted)),
  );
  if (!("outOfStock" in outcome)) return outcome.row;
  const { skuId, available } = outcome.outOfStock;
  return { ...outcome.row, lock_refusal: { skuId, code: "OUT_OF_STOCK", stock: available } };
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

/** Two cart lines on one SKU must be checked as one demand (Medusa 16502). Sorted by SKU id. */
export function aggregateDemand(items: PlaceOrderInput["items"]): [number, number][] {
  if (items.length === 0) fail("BAD_REQUEST", { field: "items" }, "An order needs at least one item.");
  const demand = new Map<number, number>();
  for (const { skuId, quantity } of items) demand.set(skuId, (demand.get(skuId) ?? 0) + quantity);
  for (const [skuId, quantity] of demand)
    if (quantity > MAX_LINE_QUANTITY) fail("QUANTITY_LIMIT", { skuId, max: MAX_LINE_QUANTITY });
  return [...demand.entries()].sort(([a], [b]) => a - b);
}
