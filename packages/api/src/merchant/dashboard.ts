import type { Db } from "@trade/db";
import { bucketSums } from "../inventory/figures.ts";
import type { Inventory, RemoteInventory } from "../inventory/port.ts";
import { shownStockFigures } from "../inventory/stock-view.ts";
import { Money, toWire } from "../money/server.ts";
import { listCurrencies } from "../wallet/currencies.ts";

/** SKUs at or below this many free units are "low stock". */
const LOW_STOCK = 5;
const LOW_STOCK_ROWS = 10;
/**
 * Remote mode: the most listed SKUs of one merchant whose figures the dashboard reads (10
 * batched calls at most, each served from the process's figures cache when fresh). A merchant
 * with more sees low stock among their first LOW_STOCK_SCAN SKUs by id (docs/scaling.md).
 */
export const LOW_STOCK_SCAN = 5_000;

type LowStockRow = { id: number; code: string; stock: number; stock_locked: number; product_id: number; title: string };

/** Today's and this week's paid orders and revenue per currency, expiring orders, low stock. */
export async function merchantDashboard(db: Db, merchantId: number, now = new Date(), inventory?: Inventory) {
  const dayStart = new Date(now);
  dayStart.setUTCHours(0, 0, 0, 0);
  const weekStart = new Date(dayStart.getTime() - 6 * 86_400_000);
  const [revenue, expiring, lowStock, unpaid] = await Promise.all([
    db.$queryRaw<{ currency: string; period: string; orders: bigint; revenue: string }[]>`
      SELECT currency, CASE WHEN paid_at >= ${dayStart} THEN 'today' ELSE 'week' END AS period, count(*) AS orders, sum(total)::text AS revenue
        FROM orders WHERE merchant_id = ${merchantId} AND status = 'PAID' AND paid_at >= ${weekStart}
       GROUP BY 1, 2`,
    db.order.findMany({
      where: { merchantId, status: "UNPAID", expiresAt: { gt: now, lte: new Date(now.getTime() + 10 * 60_000) } },
      orderBy: { expiresAt: "asc" },
      take: 10,
      select: { id: true, total: true, currency: true, expiresAt: true },
    }),
    // Stock and held: the SKU row plus its flash-sale buckets (remote mode: the inventory's).
    inventory?.kind === "remote"
      ? remoteLowStock(db, inventory, merchantId)
      : db.$queryRaw<LowStockRow[]>`
      SELECT s.id, s.code, s.stock + bk.stock AS stock, s.stock_locked + bk.stock_locked AS stock_locked, p.id AS product_id, p.title
        FROM skus s JOIN products p ON p.id = s.product_id LEFT JOIN LATERAL ${bucketSums("s")} bk ON true
       WHERE s.merchant_id = ${merchantId} AND s.status = 'LISTED' AND s.stock + bk.stock <= 5
       ORDER BY 3, s.id LIMIT 10`,
    db.order.count({ where: { merchantId, status: "UNPAID" } }),
  ]);
  const scales = new Map((await listCurrencies(db)).map((c) => [c.code, c.scale]));
  const perCurrency = new Map<
    string,
    { currency: string; todayOrders: number; todayRevenue: string; weekOrders: number; weekRevenue: string }
  >();
  for (const r of revenue) {
    const scale = scales.get(r.currency) ?? 2;
    const entry = perCurrency.get(r.currency) ?? {
      currency: r.currency,
      todayOrders: 0,
      todayRevenue: toWire(0, scale),
      weekOrders: 0,
      weekRevenue: toWire(0, scale),
    };
    if (r.period === "today") {
      entry.todayOrders = Number(r.orders);
      entry.todayRevenue = toWire(r.revenue, scale);
    }
    entry.weekOrders += Number(r.orders);
    entry.weekRevenue = toWire(new Money(entry.weekRevenue).plus(r.revenue), scale);
    perCurrency.set(r.currency, entry);
  }
  return {
    revenue: [...perCurrency.values()],
    expiringSoon: expiring.map((o) => ({ ...o, total: toWire(o.total, scales.get(o.currency) ?? 2) })),
    lowStock: lowStock.map((s) => ({
      id: s.id,
      code: s.code,
      stock: s.stock,
      stockLocked: s.stock_locked,
      product: { id: s.product_id, title: s.title },
    })),
    unpaidOrders: unpaid,
  };
}

/** The low-stock rows from the inventory's figures, in the local query's order (stock, id). */
async function remoteLowStock(db: Db, inventory: RemoteInventory, merchantId: number): Promise<LowStockRow[]> {
  const listed = await db.sku.findMany({
    where: { merchantId, status: "LISTED" },
    orderBy: { id: "asc" },
    take: LOW_STOCK_SCAN,
    select: { id: true },
  });
  const figures = await shownStockFigures(
    inventory,
    db,
    listed.map((s) => s.id),
  );
  const low = [...figures.values()]
    .filter((f) => f.stock <= LOW_STOCK)
    .sort((a, b) => a.stock - b.stock || a.id - b.id)
    .slice(0, LOW_STOCK_ROWS);
  if (low.length === 0) return [];
  const rows = await db.sku.findMany({
    where: { id: { in: low.map((f) => f.id) } },
    select: { id: true, code: true, product: { select: { id: true, title: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return low.flatMap((f) => {
    const row = byId.get(f.id);
    return row
      ? [
          {
            id: f.id,
            code: row.code,
            stock: f.stock,
            stock_locked: f.stockLocked,
            product_id: row.product.id,
            title: row.product.title,
          },
        ]
      : [];
  });
}
