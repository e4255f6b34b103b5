import type { DbTx } from "@trade/db";
import { DomainError, fail } from "../errors/index.ts";
import { Money, toWire } from "../money/server.ts";
import { requireCurrency } from "../wallet/currencies.ts";
import type { Placement, PlacementRow } from "./place-statement.ts";
import { markSoldOut } from "./sold-out.ts";
import { getOrderForBuyer, orderViewFromStored, type OrderView, type StoredOrderLine } from "./view.ts";

// What a placement answers, in either inventory mode: the placed order's view, a replay, or the
// refusal's domain error.

export function refuse(refusal: NonNullable<PlacementRow["refusal"] | PlacementRow["lock_refusal"]>): never {
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

export async function findByKey(
  db: DbTx,
  buyerId: number,
  key: string,
): Promise<{ id: number; requestHash: string } | null> {
  return db.order.findUnique({
    where: { buyerId_idempotencyKey: { buyerId, idempotencyKey: key } },
    select: { id: true, requestHash: true },
  });
}

export async function replay(
  db: DbTx,
  buyerId: number,
  existing: { id: number; requestHash: string },
  hash: string,
): Promise<OrderView & { replayed: boolean }> {
  if (existing.requestHash !== hash) fail("IDEMPOTENCY_CONFLICT");
  return { ...(await getOrderForBuyer(db, buyerId, existing.id)), replayed: true };
}

export async function fundsError(
  db: DbTx,
  row: Pick<PlacementRow, "currency" | "total" | "available">,
): Promise<DomainError> {
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

/** The new order's view, built from what the statement wrote (the same view `order.get` returns). */
export async function placedView(
  db: DbTx,
  buyerId: number,
  placement: Placement,
  written: {
    orderId: number;
    createdAt: Date;
    currency: string;
    merchantId: number;
    merchantName: string;
    total: string;
    items: StoredOrderLine[];
  },
): Promise<OrderView & { replayed: boolean }> {
  const view = await orderViewFromStored(
    db,
    {
      id: written.orderId,
      status: "UNPAID",
      currency: written.currency,
      total: new Money(written.total),
      buyerId,
      merchant: { id: written.merchantId, name: written.merchantName },
      expiresAt: placement.expiresAt,
      createdAt: written.createdAt,
      paidAt: null,
      cancelledAt: null,
      expiredAt: null,
    },
    written.items,
  );
  return { ...view, replayed: false };
}
