import { Prisma, sqlPool } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placementSql, type Placement, type PlacementRow } from "../src/order/place-statement.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

// The single-statement placement must write everything or nothing: it refuses on what it reads
// before any lock, and again on what changed by the time it holds the locks.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function setup(options: { stock?: number; price?: string; funds?: string } = {}) {
  const { merchant, product, sku } = await stockedSku(app, {
    stock: options.stock ?? 5,
    price: options.price ?? "2.00",
  });
  const buyer = await fundedMember(app, options.funds ?? "10.00");
  const account = await app.db.account.findUniqueOrThrow({
    where: { userId_currency: { userId: buyer.id, currency: "USD" } },
    select: { id: true },
  });
  const placement = (over: Partial<Placement> = {}): Placement => ({
    buyerId: buyer.id,
    expiresAt: new Date(Date.now() + 60_000),
    idempotencyKey: key(),
    requestHash: "h",
    demand: [[sku.id, 1]],
    maxOpenOrders: 100,
    maxHeldUnitsPerSku: 100,
    ...over,
  });
  const run = async (p: Placement) => (await app.db.$queryRaw<PlacementRow[]>(placementSql(p)))[0];
  const nothingWritten = async () => {
    expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
    const s = await app.db.sku.findUniqueOrThrow({ where: { id: sku.id }, select: { stock: true, stockLocked: true } });
    expect(s.stockLocked).toBe(0);
    const a = await app.db.account.findUniqueOrThrow({
      where: { id: account.id },
      select: { balance: true, frozen: true },
    });
    expect([a.balance.toString(), a.frozen.toString()]).toEqual([
      new Prisma.Decimal(options.funds ?? "10.00").toString(),
      "0",
    ]);
    await app.assertInvariants();
  };
  return { merchant, product, sku, buyer, account, placement, run, nothingWritten };
}

/**
 * Runs `change` in a transaction that holds the SKU's row lock while the placement starts (so the
 * placement reads the old row, then waits for the lock), and commits it once the placement is
 * blocked on that lock: the placement then judges the new version under its own lock.
 */
async function changedWhileWaiting(skuId: number, change: string, placement: () => Promise<PlacementRow | undefined>) {
  const pool = sqlPool(app.db);
  if (!pool) throw new Error("no pool");
  const other = await pool.connect();
  try {
    const pid = (await other.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    await other.query("BEGIN");
    await other.query(`UPDATE skus SET ${change} WHERE id = $1`, [skuId]);
    const pending = placement();
    // Wait until the placement is blocked on the row lock held above.
    for (let i = 0; i < 200; i++) {
      const waiting = await app.db.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
      if (Number(waiting[0]?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await other.query("COMMIT");
    return await pending;
  } finally {
    other.release();
  }
}

/** A numeric read as text, normalised ("4.00000000" -> "4"). */
const decimal = (text: string | null | undefined) => (text == null ? text : new Prisma.Decimal(text).toString());

describe("placement statement", () => {
  it("writes the order, its items, the hold journal and the stock hold together, and returns the lines", async () => {
    const t = await setup();
    const row = await t.run(t.placement({ demand: [[t.sku.id, 2]] }));
    expect(row?.order_id).toBeTypeOf("number");
    expect(row?.created_at).toBeInstanceOf(Date);
    expect(row).toMatchObject({
      existing_id: null,
      refusal: null,
      lock_refusal: null,
      funds_ok: true,
      account_id: t.account.id,
      currency: "USD",
      merchant_id: t.merchant.id,
    });
    expect(decimal(row?.total)).toBe("4");
    expect(row?.merchant_name).toBeTypeOf("string");
    // The line title: product title and the SKU's attribute values (the fixture's colour: red).
    expect(row?.items).toEqual([
      {
        skuId: t.sku.id,
        productId: t.product.id,
        code: t.sku.code,
        title: `${t.product.title} (red)`,
        quantity: 2,
        unitPrice: expect.any(String) as unknown,
      },
    ]);
    expect(decimal(row?.items?.[0]?.unitPrice)).toBe("2");
    const item = await app.db.orderItem.findFirstOrThrow({
      where: { orderId: row!.order_id! },
      select: { title: true, unitPrice: true },
    });
    expect([item.title, item.unitPrice.toString()]).toEqual([`${t.product.title} (red)`, "2"]);
    expect(await app.db.journal.count({ where: { orderId: row!.order_id!, type: "ORDER_HOLD" } })).toBe(1);
    const s = await app.db.sku.findUniqueOrThrow({
      where: { id: t.sku.id },
      select: { stock: true, stockLocked: true },
    });
    expect(s).toEqual({ stock: 3, stockLocked: 2 });
    const a = await app.db.account.findUniqueOrThrow({
      where: { id: t.account.id },
      select: { balance: true, frozen: true },
    });
    expect([a.balance.toString(), a.frozen.toString()]).toEqual(["6", "4"]);
    await app.assertInvariants();
  });

  it("refuses on what it reads before any lock: sold out with what is left, unknown, not listed", async () => {
    const t = await setup({ stock: 1 });
    expect(await t.run(t.placement({ demand: [[t.sku.id, 2]] }))).toMatchObject({
      order_id: null,
      account_id: null,
      funds_ok: false,
      refusal: { skuId: t.sku.id, code: "OUT_OF_STOCK", stock: 1 },
    });
    const missing = 2_000_000_000;
    expect(
      await t.run(
        t.placement({
          demand: [
            [t.sku.id, 1],
            [missing, 1],
          ],
        }),
      ),
    ).toMatchObject({ order_id: null, refusal: { skuId: missing, code: "NOT_FOUND" } });
    await t.merchant.api.merchant.products.setStatus({ productId: t.product.id, status: "DELISTED" });
    expect(await t.run(t.placement())).toMatchObject({
      order_id: null,
      refusal: { skuId: t.sku.id, code: "NOT_LISTED" },
    });
    await t.nothingWritten();
  });

  it("refuses SKUs of two merchants or two currencies in one order", async () => {
    const t = await setup();
    const other = await stockedSku(app, { price: "1.00" });
    const [first, second] = [t.sku.id, other.sku.id].sort((a, b) => a - b) as [number, number];
    expect(
      await t.run(
        t.placement({
          demand: [
            [first, 1],
            [second, 1],
          ],
        }),
      ),
    ).toMatchObject({ order_id: null, refusal: { code: "MERCHANT_MISMATCH" } });
    const cny = await t.merchant.api.merchant.skus.create({
      productId: t.product.id,
      code: `CNY-${key()}`,
      attributes: {},
      price: "1.00",
      currency: "CNY",
      stock: 5,
    });
    expect(
      await t.run(
        t.placement({
          demand: [
            [t.sku.id, 1],
            [cny.id, 1],
          ],
        }),
      ),
    ).toMatchObject({ order_id: null, refusal: { code: "CURRENCY_MISMATCH" } });
    await t.nothingWritten();
  });

  it("a price changed while it waited for the SKU lock is PRICE_CHANGED, and writes nothing", async () => {
    const t = await setup();
    const row = await changedWhileWaiting(t.sku.id, "price = 1.50", () => t.run(t.placement()));
    expect(row).toMatchObject({
      order_id: null,
      refusal: null,
      funds_ok: true,
      lock_refusal: { skuId: t.sku.id, code: "PRICE_CHANGED" },
    });
    await t.nothingWritten();
  });

  it("stock taken while it waited for the SKU lock is OUT_OF_STOCK with what is left, and writes nothing", async () => {
    const t = await setup({ stock: 2 });
    const row = await changedWhileWaiting(t.sku.id, "stock = 1, stock_locked = stock_locked + 1", () =>
      t.run(t.placement({ demand: [[t.sku.id, 2]] })),
    );
    expect(row).toMatchObject({
      order_id: null,
      refusal: null,
      funds_ok: true,
      lock_refusal: { skuId: t.sku.id, code: "OUT_OF_STOCK", stock: 1 },
    });
    // Put the stock back the way the books expect it (the lock holder above was not a real order).
    await app.db.$executeRaw`UPDATE skus SET stock = 2, stock_locked = 0 WHERE id = ${t.sku.id}`;
    await t.nothingWritten();
  });

  it("funds short is reported with the available balance, before any SKU is locked or written", async () => {
    const t = await setup({ funds: "1.00" });
    expect(await t.run(t.placement({ demand: [[t.sku.id, 1]] }))).toMatchObject({
      order_id: null,
      refusal: null,
      funds_ok: false,
      account_id: t.account.id,
      lock_refusal: null,
    });
    const row = await t.run(t.placement());
    expect([decimal(row?.available), decimal(row?.total)]).toEqual(["1", "2"]);
    await t.nothingWritten();
  });

  it("a buyer without a wallet in the currency gets no account and nothing is written", async () => {
    const t = await setup();
    const jpy = await stockedSku(app, { price: "100", currency: "JPY", merchant: t.merchant });
    await app.db.account.deleteMany({ where: { userId: t.buyer.id, currency: "JPY" } });
    expect(await t.run(t.placement({ demand: [[jpy.sku.id, 1]] }))).toMatchObject({
      order_id: null,
      refusal: null,
      account_id: null,
      funds_ok: false,
      currency: "JPY",
    });
    expect(await app.db.order.count({ where: { buyerId: t.buyer.id } })).toBe(0);
    await app.assertInvariants();
  });

  it("a claimed idempotency key returns the stored order and writes nothing more", async () => {
    const t = await setup();
    const p = t.placement();
    const first = await t.run(p);
    const again = await t.run(p);
    expect(again).toMatchObject({
      existing_id: first!.order_id,
      existing_hash: "h",
      order_id: null,
      account_id: null,
      items: null,
    });
    expect(await app.db.order.count({ where: { buyerId: t.buyer.id } })).toBe(1);
    expect(await app.db.journal.count({ where: { orderId: first!.order_id!, type: "ORDER_HOLD" } })).toBe(1);
    const s = await app.db.sku.findUniqueOrThrow({
      where: { id: t.sku.id },
      select: { stock: true, stockLocked: true },
    });
    expect(s).toEqual({ stock: 4, stockLocked: 1 });
    await app.assertInvariants();
  });
});
