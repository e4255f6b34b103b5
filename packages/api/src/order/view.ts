import type { DbTx, OrderStatus, Prisma } from "@trade/db";
import { fail } from "../errors/index.ts";
import { toWire } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";

export interface OrderItemView {
  skuId: number;
  productId: number;
  code: string;
  title: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

export interface OrderView {
  id: number;
  status: OrderStatus;
  currency: string;
  scale: number;
  total: string;
  buyerId: number;
  merchant: { id: number; name: string };
  expiresAt: Date;
  createdAt: Date;
  paidAt: Date | null;
  cancelledAt: Date | null;
  expiredAt: Date | null;
  items: OrderItemView[];
}

export const orderSelect = {
  id: true, status: true, currency: true, total: true, buyerId: true, expiresAt: true, createdAt: true, paidAt: true, cancelledAt: true, expiredAt: true,
  merchant: { select: { id: true, name: true } },
  items: { orderBy: { skuId: "asc" }, select: { skuId: true, quantity: true, unitPrice: true, title: true, sku: { select: { code: true, productId: true } } } },
} satisfies Prisma.OrderSelect;

type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

export async function toOrderView(db: DbTx, row: OrderRow): Promise<OrderView> {
  const scale = (await listCurrencies(db)).find((c) => c.code === row.currency)?.scale ?? 2;
  return {
    id: row.id, status: row.status, currency: row.currency, scale, total: toWire(row.total, scale), buyerId: row.buyerId, merchant: row.merchant,
    expiresAt: row.expiresAt, createdAt: row.createdAt, paidAt: row.paidAt, cancelledAt: row.cancelledAt, expiredAt: row.expiredAt,
    items: row.items.map((i) => orderItemView({ skuId: i.skuId, productId: i.sku.productId, code: i.sku.code, title: i.title, quantity: i.quantity, unitPrice: i.unitPrice }, scale)),
  };
}

/** One line of an order at its currency's scale; the line total is computed, never stored. */
export function orderItemView(line: Omit<OrderItemView, "unitPrice" | "lineTotal"> & { unitPrice: Prisma.Decimal }, scale: number): OrderItemView {
  const { unitPrice, ...rest } = line;
  return { ...rest, unitPrice: toWire(unitPrice, scale), lineTotal: toWire(unitPrice.times(line.quantity), scale) };
}

/** Scoped lookup: the order only if `buyerId` placed it; anything else is NOT_FOUND. */
export async function getOrderForBuyer(db: DbTx, buyerId: number, orderId: number): Promise<OrderView> {
  const row = await db.order.findFirst({ where: { id: orderId, buyerId }, select: orderSelect });
  if (!row) fail("NOT_FOUND", { resource: "order" });
  return toOrderView(db, row);
}

/** Scoped lookup: the order only if it was sold by `merchantId`. */
export async function getOrderForMerchant(db: DbTx, merchantId: number, orderId: number): Promise<OrderView & { buyer: { id: number; name: string; email: string } }> {
  const row = await db.order.findFirst({ where: { id: orderId, merchantId }, select: { ...orderSelect, buyer: { select: { id: true, name: true, email: true } } } });
  if (!row) fail("NOT_FOUND", { resource: "order" });
  return { ...(await toOrderView(db, row)), buyer: row.buyer };
}
