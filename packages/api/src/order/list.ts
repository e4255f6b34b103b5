import type { OrderStatus, Prisma, DbTx } from "@trade/db";
import { orderSelect, toOrderView, type OrderView } from "./view.ts";

export interface OrderListInput {
  status?: OrderStatus;
  cursor?: number | null;
  limit: number;
  from?: Date;
  to?: Date;
}

/** Keyset pagination by id, newest first, over one owner's orders (`scope` is the owner filter). */
async function listOrders(
  db: DbTx,
  scope: Prisma.OrderWhereInput,
  input: OrderListInput,
): Promise<{ items: OrderView[]; nextCursor: number | null }> {
  const rows = await db.order.findMany({
    where: {
      ...scope,
      ...(input.status ? { status: input.status } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
      ...(input.from || input.to
        ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } }
        : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: orderSelect,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: await Promise.all(page.map((r) => toOrderView(db, r))),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export function listOrdersForBuyer(db: DbTx, buyerId: number, input: OrderListInput) {
  return listOrders(db, { buyerId }, input);
}

export function listOrdersForMerchant(db: DbTx, merchantId: number, input: OrderListInput) {
  return listOrders(db, { merchantId }, input);
}
