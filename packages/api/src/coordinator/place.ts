import { prepared, type Db } from "@trade/db";
import { fail } from "../errors/index.ts";
import type { RedisClient } from "../infra/redis.ts";
import { runTx } from "../infra/tx.ts";
import type { RemoteInventory, TryOutcome } from "../inventory/port.ts";
import { Money } from "../money/server.ts";
import { walletAccountId } from "../wallet/accounts.ts";
import { invalidateBalances } from "../wallet/balance-cache.ts";
import { findByKey, fundsError, placedView, refuse, replay } from "../order/place-outcome.ts";
import {
  remotePlacementSql,
  remotePrecheckSql,
  type PrecheckRow,
  type RemotePlacementRow,
} from "../order/place-remote-statement.ts";
import { PLACEMENT_PLAN_MODE } from "../order/place-plan.ts";
import type { Placement } from "../order/place-statement.ts";
import { markSoldOut, remoteSoldOutShortfall } from "../order/sold-out.ts";
import type { OrderView } from "../order/view.ts";
import { drive, describe } from "./drive.ts";
import { beginGlobalTx, recordFailure, transition } from "./log.ts";
import { coordinatorSettings } from "./settings.ts";

export interface RemoteDeps {
  db: Db;
  redis: RedisClient | null;
  inventory: RemoteInventory;
}

/**
 * Placement in the remote mode, a TCC global transaction coordinated here:
 * 1. one unlocked read: a replayed key answers at once; what the order database alone refuses
 *    (unknown or unlisted SKU, switched-off currency, mixed merchants, funds short) is refused
 *    before anything is held anywhere;
 * 2. unless the inventory's breaker is open (then INVENTORY_UNAVAILABLE, nothing written): the
 *    log row (TRYING, with its deadline), committed before any remote call;
 * 3. Try: the inventory holds the units for the txId (or refuses: nothing held);
 * 4. one local transaction (`remotePlacementSql`): the funds hold and the UNPAID order, re-checked
 *    under the log row, account, SKU and product locks, with the log row TRIED in the same
 *    statement. The order exists if and only if the log says TRIED.
 * Whatever goes wrong after the log row (a refusal after the Try, a timeout, the breaker open, a
 * database error, a crash of this process), the row leaves TRYING only for CANCELLING, and a
 * Cancel of the txId (by this request, or by the job's recovery) releases whatever the Try held:
 * the inventory's fence makes a Cancel that overtook its Try hold nothing (no suspension).
 */
export async function placeRemote(deps: RemoteDeps, placement: Placement): Promise<OrderView & { replayed: boolean }> {
  const { db, redis, inventory } = deps;
  const { buyerId, idempotencyKey, requestHash } = placement;
  const pre = (await db.$queryRaw<PrecheckRow[]>(prepared(remotePrecheckSql(placement))))[0];
  if (!pre) fail("INTERNAL", undefined, "placement read returned no row");
  if (pre.existing_id !== null && pre.existing_hash !== null)
    return replay(db, buyerId, { id: pre.existing_id, requestHash: pre.existing_hash }, requestHash);
  if (pre.refusal) refuse(pre.refusal);
  if (pre.currency === null || pre.total === null) fail("NOT_FOUND", { resource: "sku" });
  // After a sell-out: one figures read at the inventory instead of a log row, a Try and a Cancel.
  const shortfall = await remoteSoldOutShortfall(inventory, placement.demand);
  if (shortfall) fail("OUT_OF_STOCK", { skuId: shortfall.skuId, available: shortfall.available });
  // No wallet in the currency yet (added after registration, not backfilled): created now.
  if (pre.account_id === null) await walletAccountId(db, buyerId, pre.currency);
  else if (new Money(pre.available ?? 0).lessThan(new Money(pre.total))) throw await fundsError(db, pre);

  // An outage the breaker already knows of: refused before the log row, so a flood of refused
  // placements writes nothing (no log rows, no Cancels to drive later) and holds nothing.
  if (inventory.refusesCalls?.()) fail("INVENTORY_UNAVAILABLE", { breaker: "open" });

  const lines = placement.demand.map(([skuId, quantity]) => ({ skuId, quantity }));
  const deadlineMs = coordinatorSettings(inventory).tryDeadlineMs;
  const begun = await beginGlobalTx(db, { buyerId, idempotencyKey, lines, deadlineMs });
  if (begun.kind === "placed") return replayByKey(db, placement);
  const { txId } = begun;

  let tried: TryOutcome;
  try {
    tried = await inventory.tryHold(txId, lines);
  } catch (error) {
    // Unknown outcome (the Try may have held before the timeout): cancelled, not retried here.
    await abandon(deps, txId, error);
    fail("INVENTORY_UNAVAILABLE");
  }
  if (!tried.ok) {
    // Nothing is held, but a duplicate request's Try of this txId might be: the Cancel settles both.
    await abandon(deps, txId, `try answered ${tried.code}`);
    if (tried.code === "CANCELLED") fail("INVENTORY_UNAVAILABLE");
    if (tried.available === 0) markSoldOut(tried.skuId);
    fail("OUT_OF_STOCK", { skuId: tried.skuId, available: tried.available });
  }

  let row: RemotePlacementRow;
  try {
    row = await placeLocally(db, { ...placement, txId });
  } catch (error) {
    await abandon(deps, txId, error);
    throw error;
  }
  if (!row.log_trying || row.existing_id !== null) {
    // A duplicate with the same key (same txId) placed it first, or recovery gave up on this Try
    // (past its deadline) and is cancelling it: either way this request wrote nothing.
    if (row.existing_id !== null || (await findByKey(db, buyerId, idempotencyKey))) return replayByKey(db, placement);
    fail("INVENTORY_UNAVAILABLE");
  }
  const { order_id: orderId, created_at: createdAt, merchant_id: merchantId, merchant_name: merchantName } = row;
  const { currency, total, items } = row;
  if (orderId === null || createdAt === null || currency === null || merchantId === null || merchantName === null)
    return refuseAfterTry(deps, txId, placement, row);
  if (total === null || items === null) return refuseAfterTry(deps, txId, placement, row);
  await invalidateBalances(redis, [buyerId]);
  return placedView(db, buyerId, placement, { orderId, createdAt, currency, merchantId, merchantName, total, items });
}

async function placeLocally(db: Db, placement: Placement & { txId: string }): Promise<RemotePlacementRow> {
  const run = async () => {
    // As the local statement: prepared and run with its generic plan (planning costs more than running it).
    const sql = remotePlacementSql(placement);
    const rows = await runTx(db, async (tx) => {
      await tx.$executeRawUnsafe(PLACEMENT_PLAN_MODE);
      return tx.$queryRaw<RemotePlacementRow[]>(prepared(sql));
    });
    const row = rows[0];
    if (!row) fail("INTERNAL", undefined, "order placement returned no row");
    return row;
  };
  const row = await run();
  // The wallet appeared between the read and now only if the read created it; a second run sees it.
  if (row.log_trying && row.existing_id === null && row.refusal === null && row.account_id === null) return run();
  return row;
}

/** The local branch refused after a successful Try: the Try is cancelled, then the user hears why. */
async function refuseAfterTry(
  deps: RemoteDeps,
  txId: string,
  placement: Placement,
  row: RemotePlacementRow,
): Promise<never> {
  await abandon(deps, txId, "local branch refused");
  const winner = await findByKey(deps.db, placement.buyerId, placement.idempotencyKey);
  if (winner) return replay(deps.db, placement.buyerId, winner, placement.requestHash) as never;
  if (row.refusal) refuse(row.refusal);
  if (!row.funds_ok) throw await fundsError(deps.db, row);
  if (row.hold_refusal) fail("HOLD_LIMIT", row.hold_refusal);
  if (row.lock_refusal) refuse(row.lock_refusal);
  fail("IDEMPOTENCY_IN_FLIGHT");
}

/**
 * Gives up on a TRYING transaction: TRYING -> CANCELLING (guarded: a duplicate that reached TRIED
 * keeps its order), then one Cancel. If the Cancel fails too (the service is down), the row stays
 * CANCELLING and the job's recovery repeats the Cancel with backoff until it is done.
 */
async function abandon(deps: RemoteDeps, txId: string, reason: unknown): Promise<void> {
  const { db, inventory } = deps;
  const why = typeof reason === "string" ? reason : describe(reason);
  try {
    if (!(await transition(db, txId, ["TRYING"], "CANCELLING"))) return;
    await recordFailure(db, txId, why);
    await drive(db, inventory, txId, "CANCELLING");
  } catch {
    // The order database itself failed: the row is still TRYING (or CANCELLING) and recovery
    // cancels it after its deadline. The user's answer is the original failure.
  }
}

async function replayByKey(db: Db, placement: Placement): Promise<OrderView & { replayed: boolean }> {
  const winner = await findByKey(db, placement.buyerId, placement.idempotencyKey);
  if (!winner) fail("IDEMPOTENCY_IN_FLIGHT");
  return replay(db, placement.buyerId, winner, placement.requestHash);
}
