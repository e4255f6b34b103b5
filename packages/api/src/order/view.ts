import { Prisma, preparedQuery, type DbTx, type OrderStatus } from "@trade/db";
import { fail } from "../errors/index.ts";
import { Money, toWire } from "../money/server.ts";
import { requireCurrency } from "../wallet/currencies.ts";

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
  id: true,
  status: true,
  currency: true,
  total: true,
  buyerId: true,
  expiresAt: true,
  createdAt: true,
  paidAt: true,
  cancelledAt: true,
  expiredAt: true,
  merchant: { select: { id: true, name: true } },
  items: {
    orderBy: { skuId: "asc" },
    select: {
      skuId: true,
      quantity: true,
      unitPrice: true,
      title: true,
      sku: { select: { code: true, productId: true } },
    },
  },
} satisfies Prisma.OrderSelect;

type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

/** What an order view is made of, from whichever query read it. */
export type OrderFacts = Omit<OrderView, "scale" | "total" | "items"> & { total: Prisma.Decimal };
type OrderLine = Omit<OrderItemView, "unitPrice" | "lineTotal"> & { unitPrice: Prisma.Decimal };
/** An order line as SQL returns it (JSON or `::text`): the unit price as exact numeric text. */
export type StoredOrderLine = Omit<OrderItemView, "lineTotal">;

/** The one place an `OrderView` is assembled: amounts at the currency's scale. */
async function buildOrderView(db: DbTx, order: OrderFacts, lines: OrderLine[]): Promise<OrderView> {
  // The order's currency is a foreign key: it is always there, switched off or not.
  const { scale } = await requireCurrency(db, order.currency, false);
  return {
    id: order.id,
    status: order.status,
    currency: order.currency,
    scale,
    total: toWire(order.total, scale),
    buyerId: order.buyerId,
    merchant: order.merchant,
    expiresAt: order.expiresAt,
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    cancelledAt: order.cancelledAt,
    expiredAt: order.expiredAt,
    items: lines.map((l) => orderItemView(l, scale)),
  };
}

/** An `OrderView` from lines read as text (the prepared reads, the placement statement). */
export function orderViewFromStored(db: DbTx, order: OrderFacts, lines: StoredOrderLine[]): Promise<OrderView> {
  return buildOrderView(
    db,
    order,
    lines.map((l) => ({ ...l, unitPrice: new Money(l.unitPrice) })),
  );
}

export function toOrderView(db: DbTx, row: OrderRow): Promise<OrderView> {
  return buildOrderView(
    db,
    row,
    row.items.map((i) => ({
      skuId: i.skuId,
      productId: i.sku.productId,
      code: i.sku.code,
      title: i.title,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
    })),
  );
}

/** One line of an order at its currency's scale; the line total is computed, never stored. */
function orderItemView(line: OrderLine, scale: number): OrderItemView {
  const { unitPrice, ...rest } = line;
  return { ...rest, unitPrice: toWire(unitPrice, scale), lineTotal: toWire(unitPrice.times(line.quantity), scale) };
}

/** The buyer's order as one row, its lines as JSON (one prepared round trip). */
interface BuyerOrderRow extends Record<string, unknown> {
  id: number;
  status: OrderStatus;
  currency: string;
  total: string;
  merchant_id: number;
  merchant_name: string;
  expires_at: Date;
  created_at: Date;
  paid_at: Date | null;
  cancelled_at: Date | null;
  expired_at: Date | null;
  items: StoredOrderLine[];
}

export interface BuyerOrder {
  view: OrderView;
  merchantId: number;
  /** The stored total, exact (the view's is the wire string). */
  total: Money;
}

/**
 * Scoped lookup in one prepared statement: the order only if `buyerId` placed it (null
 * otherwise), with its merchant and lines. Numerics are read as text so the pool and a
 * transaction client give the same values.
 */
export async function readBuyerOrder(db: DbTx, buyerId: number, orderId: number): Promise<BuyerOrder | null> {
  const rows = await preparedQuery<BuyerOrderRow>(
    db,
    Prisma.sql`
    SELECT o.id, o.status::text AS status, o.currency, o.total::text AS total, o.merchant_id, u.name AS merchant_name,
           o.expires_at, o.created_at, o.paid_at, o.cancelled_at, o.expired_at,
           coalesce((SELECT json_agg(json_build_object('skuId', i.sku_id, 'productId', s.product_id, 'code', s.code, 'title', i.title,
                                                      'quantity', i.quantity, 'unitPrice', i.unit_price::text) ORDER BY i.sku_id)
                       FROM order_items i JOIN skus s ON s.id = i.sku_id WHERE i.order_id = o.id), '[]'::json) AS items
      FROM orders o JOIN users u ON u.id = o.merchant_id
     WHERE o.id = ${orderId} AND o.buyer_id = ${buyerId}`,
  );
  const row = rows[0];
  if (!row) return null;
  const total = new Money(row.total);
  const view = await orderViewFromStored(
    db,
    {
      id: row.id,
      status: row.status,
      currency: row.currency,
      total,
      buyerId,
      merchant: { id: row.merchant_id, name: row.merchant_name },
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      paidAt: row.paid_at,
      cancelledAt: row.cancelled_at,
      expiredAt: row.expired_at,
    },
    row.items,
  );
  return { view, merchantId: row.merchant_id, total };
}

/** Scoped lookup: the order only if `buyerId` placed it; anything else is NOT_FOUND. */
export async function getOrderForBuyer(db: DbTx, buyerId: number, orderId: number): Promise<OrderView> {
  const order = await readBuyerOrder(db, buyerId, orderId);
  if (!order) fail("NOT_FOUND", { resource: "order" });
  return order.view;
}

/** Scoped lookup: the order only if it was sold by `merchantId`. */
export async function getOrderForMerchant(
  db: DbTx,
  merchantId: number,
  orderId: number,
): Promise<OrderView & { buyer: { id: number; name: string; email: string } }> {
  const row = await db.order.findFirst({
    where: { id: orderId, merchantId },
    select: { ...orderSelect, buyer: { select: { id: true, name: true, email: true } } },
  });
  if (!row) fail("NOT_FOUND", { resource: "order" });
  return { ...(await toOrderView(db, row)), buyer: row.buyer };
}
