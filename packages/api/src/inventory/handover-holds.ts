import { Prisma, type DbTx } from "@trade/db";

/**
 * The txId of an order placed in local mode whose held units were handed over to the inventory
 * service: derived from the order, so a repeated handover finds it again and never collides with
 * a placement's (`o:...`, coordinator/log.ts). The service's rule: `[A-Za-z0-9:_-]`, <= 64.
 */
export function handoverTxId(orderId: number): string {
  return `${HANDOVER_TX_PREFIX}${orderId}`;
}

const HANDOVER_TX_PREFIX = "h:";

export interface HandedOverHold {
  orderId: number;
  buyerId: number;
  txId: string;
  skuId: number;
  quantity: number;
  /** The order's log row is its handover txId's already (an earlier handover, or chunk, wrote it). */
  logged: boolean;
}

/**
 * The units the UNPAID orders hold of the given SKUs in the order database (row or bucket: the
 * inventory holds them on the row), one per order and SKU, with the order's handover txId. An
 * order placed in remote mode (its log row is a placement's) holds nothing here: left out.
 * Locked FOR NO KEY UPDATE after the SKUs (the handover's own order; it runs with no local-mode
 * order writer, see handover.ts), so none of them leaves UNPAID under the handover's feet.
 */
export async function handedOverHolds(tx: DbTx, skuIds: number[]): Promise<HandedOverHold[]> {
  const rows = await tx.$queryRaw<
    { order_id: number; buyer_id: number; sku_id: number; quantity: number; log_id: string | null }[]
  >(
    Prisma.sql`
    SELECT o.id AS order_id, o.buyer_id, i.sku_id, sum(i.quantity)::int AS quantity, g.id AS log_id
      FROM (SELECT id, buyer_id FROM orders
             WHERE status = 'UNPAID' AND id IN (SELECT order_id FROM order_items WHERE sku_id = ANY(${skuIds}::int[]))
             ORDER BY id FOR NO KEY UPDATE) o
      JOIN order_items i ON i.order_id = o.id AND i.sku_id = ANY(${skuIds}::int[])
      LEFT JOIN global_transactions g ON g.order_id = o.id
     WHERE g.id IS NULL OR g.id = ${HANDOVER_TX_PREFIX} || o.id
     GROUP BY o.id, o.buyer_id, i.sku_id, g.id
     ORDER BY o.id, i.sku_id`,
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    buyerId: r.buyer_id,
    txId: handoverTxId(r.order_id),
    skuId: r.sku_id,
    quantity: r.quantity,
    logged: r.log_id !== null,
  }));
}

/**
 * The coordinator log's TRIED row of each handed-over order (all its lines, ascending SKU id),
 * written once (a repeated handover, or the order's second chunk, finds it). An order that
 * already has a global transaction (placed in remote mode) is not a handed-over one and is
 * never given a second. Returns how many rows this call wrote.
 */
export async function writeHandoverLog(tx: DbTx, holds: HandedOverHold[]): Promise<number> {
  const orderIds = [...new Set(holds.map((h) => h.orderId))];
  if (orderIds.length === 0) return 0;
  return tx.$executeRaw(Prisma.sql`
    INSERT INTO global_transactions (id, order_id, buyer_id, state, lines, deadline)
    SELECT ${HANDOVER_TX_PREFIX} || o.id, o.id, o.buyer_id, 'TRIED',
           (SELECT jsonb_agg(jsonb_build_object('skuId', i.sku_id, 'quantity', i.quantity) ORDER BY i.sku_id)
              FROM (SELECT sku_id, sum(quantity)::int AS quantity FROM order_items WHERE order_id = o.id GROUP BY sku_id) i),
           o.expires_at
      FROM orders o
     WHERE o.id = ANY(${orderIds}::int[]) AND NOT EXISTS (SELECT 1 FROM global_transactions g WHERE g.order_id = o.id)
     ORDER BY o.id
    ON CONFLICT (id) DO NOTHING`);
}
