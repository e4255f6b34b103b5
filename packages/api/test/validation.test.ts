import { describe, expect, it } from "vitest";
import { adjustStock } from "../src/inventory/adjust.ts";
import { expireNextDueOrder } from "../src/order/close.ts";
import { payOrder } from "../src/payment/pay.ts";
import { useTestApp } from "../src/testing/index.ts";
import { codeOf, fundedMember, key, makeDue, placeLines, refusalOf, stockedSku } from "./support/fixtures.ts";

const app = useTestApp();

const BAD_AMOUNTS: [unknown, string][] = [
  ["-1", "USD"],
  ["0", "USD"],
  ["0.00", "USD"],
  ["1e309", "USD"],
  ["1e3", "USD"],
  ["NaN", "USD"],
  ["Infinity", "USD"],
  ["0.001", "USD"],
  ["1.5", "JPY"],
  ["", "USD"],
  [" 1", "USD"],
  ["1,00", "USD"],
  ["99999999999999999999", "USD"],
  ["1000000000000", "USD"],
  [12.5, "USD"],
  [1, "JPY"],
  [null, "USD"],
];

describe("bad money input is refused with INVALID_AMOUNT and changes nothing", () => {
  it("deposit, withdraw, SKU price", async () => {
    const member = await fundedMember(app(), "10.00");
    const merchant = await app().user("MERCHANT");
    const product = await merchant.api.merchant.products.create({ title: "T", description: "" });
    const ledgerBefore = await app().db.ledgerEntry.count();
    for (const [amount, currency] of BAD_AMOUNTS) {
      const label = `${JSON.stringify(amount)} ${currency}`;
      const input = { currency, amount: amount as string, idempotencyKey: key() };
      expect([label, await codeOf(member.api.wallet.deposit(input))]).toEqual([label, "INVALID_AMOUNT"]);
      expect([label, await codeOf(member.api.wallet.withdraw({ ...input, idempotencyKey: key() }))]).toEqual([
        label,
        "INVALID_AMOUNT",
      ]);
      expect([
        label,
        await codeOf(
          merchant.api.merchant.skus.create({
            productId: product.id,
            code: `C-${key()}`,
            attributes: {},
            price: amount as string,
            currency,
            stock: 1,
          }),
        ),
      ]).toEqual([label, "INVALID_AMOUNT"]);
    }
    expect(await app().db.ledgerEntry.count()).toBe(ledgerBefore);
    expect(await app().db.sku.count({ where: { productId: product.id } })).toBe(0);
    expect(await app().db.deposit.count({ where: { userId: member.id } })).toBe(1);
  });

  it("a currency that does not exist is UNKNOWN_CURRENCY", async () => {
    const member = await app().user("MEMBER");
    expect(await codeOf(member.api.wallet.deposit({ currency: "XYZ", amount: "1.00", idempotencyKey: key() }))).toBe(
      "UNKNOWN_CURRENCY",
    );
    expect(await codeOf(member.api.wallet.deposit({ currency: "usd1", amount: "1.00", idempotencyKey: key() }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("the largest allowed and scale-exact amounts are accepted", async () => {
    const member = await app().user("MEMBER");
    expect(
      (await member.api.wallet.deposit({ currency: "JPY", amount: "999999999999", idempotencyKey: key() })).amount,
    ).toBe("999999999999");
    expect((await member.api.wallet.deposit({ currency: "USD", amount: "0.01", idempotencyKey: key() })).amount).toBe(
      "0.01",
    );
    await app().assertInvariants();
  });
});

describe("orders refuse what cannot be sold", () => {
  it("a delisted SKU can no longer be ordered, but an order placed before can still be paid", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "10.00");
    const before = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await merchant.api.merchant.skus.setStatus({ skuId: sku.id, status: "DELISTED" });
    expect(
      await codeOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })),
    ).toBe("NOT_LISTED");
    expect((await buyer.api.order.pay({ orderId: before.id })).status).toBe("PAID");
    await app().assertInvariants();
  });

  it("items from two merchants or two currencies are refused", async () => {
    const a = await stockedSku(app(), { price: "1.00" });
    const b = await stockedSku(app(), { price: "1.00" });
    const c = await stockedSku(app(), { price: "100", currency: "JPY", merchant: a.merchant });
    const buyer = await fundedMember(app(), "10.00");
    expect(await codeOf(placeLines(buyer, [a.sku.id, 1], [b.sku.id, 1]))).toBe("MERCHANT_MISMATCH");
    expect(await codeOf(placeLines(buyer, [a.sku.id, 1], [c.sku.id, 1]))).toBe("CURRENCY_MISMATCH");
    expect(await codeOf(placeLines(buyer, [99999999, 1]))).toBe("NOT_FOUND");
    expect(await codeOf(placeLines(buyer, [a.sku.id, 0]))).toBe("BAD_REQUEST");
  });

  it("a frozen user cannot place, pay or withdraw", async () => {
    const { sku } = await stockedSku(app(), { price: "1.00" });
    const buyer = await fundedMember(app(), "10.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const ops = await app().user("OPERATOR");
    await ops.api.ops.users.setStatus({ userId: buyer.id, status: "FROZEN" });
    expect(
      await codeOf(buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })),
    ).toBe("ACCOUNT_FROZEN");
    expect(await codeOf(buyer.api.order.pay({ orderId: order.id }))).toBe("ACCOUNT_FROZEN");
    expect(await codeOf(buyer.api.wallet.withdraw({ currency: "USD", amount: "1.00", idempotencyKey: key() }))).toBe(
      "ACCOUNT_FROZEN",
    );
    // Cancelling gives the held money back, so it stays allowed.
    expect((await buyer.api.order.cancel({ orderId: order.id })).status).toBe("CANCELLED");
    await app().assertInvariants();
  });

  it("stock cannot be adjusted below what is free; held stock is untouchable", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app(), "10.00");
    await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 3 }], idempotencyKey: key() });
    // The refusal says how much can still be removed (the admin shows it).
    expect(
      await refusalOf(merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: -3, reason: "count" })),
    ).toEqual({ code: "STOCK_BELOW_LOCKED", details: { available: 2 }, message: expect.any(String) as string });
    expect(await merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: -2, reason: "count" })).toMatchObject({
      stock: 0,
      stockLocked: 3,
    });
    await app().assertInvariants();
  });

  it("a stock change of zero is refused; the reason is stored trimmed, whoever calls the service", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 5, price: "1.00" });
    expect(
      await refusalOf(merchant.api.merchant.skus.adjustStock({ skuId: sku.id, delta: 0, reason: "noop" })),
    ).toEqual({ code: "BAD_REQUEST", details: { field: "delta" }, message: "The change must not be zero." });
    const other = await app().user("MERCHANT");
    expect(await refusalOf(other.api.merchant.skus.adjustStock({ skuId: sku.id, delta: 1, reason: "mine" }))).toEqual({
      code: "NOT_FOUND",
      details: { resource: "sku" },
      message: expect.any(String) as string,
    });
    expect(await app().db.stockMovement.count({ where: { skuId: sku.id, reason: "noop" } })).toBe(0);
    // The job and scripts call the service without the router's input parsing.
    await adjustStock(app().db, merchant.id, { skuId: sku.id, delta: 2, reason: "  recount  " }, merchant.id);
    const movement = await app().db.stockMovement.findFirstOrThrow({
      where: { skuId: sku.id },
      orderBy: { id: "desc" },
    });
    expect({ delta: movement.delta, reason: movement.reason }).toEqual({ delta: 2, reason: "recount" });
  });
});

describe("paying what cannot be paid", () => {
  it("says why: expired (closed or just due), not payable with its status, not found", async () => {
    const { sku } = await stockedSku(app(), { stock: 10, price: "2.00" });
    const buyer = await fundedMember(app(), "20.00");
    const place = () => buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });

    const due = await place();
    await makeDue(app(), due.id);
    expect(await refusalOf(buyer.api.order.pay({ orderId: due.id }))).toMatchObject({ code: "ORDER_EXPIRED" });
    // Closed by the job's sweep: still ORDER_EXPIRED, not a generic "not payable".
    expect(await expireNextDueOrder(app().deps)).toMatchObject({ id: due.id });
    expect(await refusalOf(buyer.api.order.pay({ orderId: due.id }))).toMatchObject({ code: "ORDER_EXPIRED" });

    const cancelled = await place();
    await buyer.api.order.cancel({ orderId: cancelled.id });
    expect(await refusalOf(buyer.api.order.pay({ orderId: cancelled.id }))).toMatchObject({
      code: "ORDER_NOT_PAYABLE",
      details: { status: "CANCELLED" },
    });
    const stranger = await fundedMember(app(), "20.00");
    const mine = await place();
    expect(await refusalOf(stranger.api.order.pay({ orderId: mine.id }))).toMatchObject({
      code: "NOT_FOUND",
      details: { resource: "order" },
    });
    // Paying twice answers the paid order (idempotent), without settling again.
    expect((await buyer.api.order.pay({ orderId: mine.id })).status).toBe("PAID");
    expect((await buyer.api.order.pay({ orderId: mine.id })).status).toBe("PAID");
    expect(await app().db.journal.count({ where: { orderId: mine.id, type: "ORDER_SETTLE" } })).toBe(1);
    await app().assertInvariants();
  });

  it("a frozen buyer is refused by the service itself, before anything is read or moved", async () => {
    const { merchant, sku } = await stockedSku(app(), { stock: 10, price: "2.00" });
    const buyer = await fundedMember(app(), "20.00");
    const order = await placeLines(buyer, [sku.id, 1]);
    // The router refuses a frozen user first; the job and scripts call the service directly.
    expect(await refusalOf(payOrder(app().deps, { id: buyer.id, status: "FROZEN" }, order.id))).toEqual({
      code: "ACCOUNT_FROZEN",
      details: undefined,
      message: expect.any(String) as string,
    });
    expect((await buyer.api.order.get({ orderId: order.id })).status).toBe("UNPAID");
    expect((await merchant.api.merchant.accounts()).find((a) => a.currency === "USD")?.available).toBe("0.00");
    await app().assertInvariants();
  });
});

describe("withdrawals", () => {
  it("above the threshold wait for an operator; reject returns the hold, approve pays out once", async () => {
    const member = await fundedMember(app(), "5000.00");
    const ops = await app().user("OPERATOR");
    const big = await member.api.wallet.withdraw({ currency: "USD", amount: "2000.00", idempotencyKey: key() });
    expect(big.status).toBe("PENDING");
    expect((await member.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "3000.00",
      frozen: "2000.00",
    });
    await app().assertInvariants();
    await ops.api.ops.withdrawals.reject({ withdrawalId: big.id, reason: "verify identity" });
    expect(await codeOf(ops.api.ops.withdrawals.approve({ withdrawalId: big.id }))).toBe("WITHDRAWAL_NOT_PENDING");
    expect((await member.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "5000.00",
      frozen: "0.00",
    });
    const again = await member.api.wallet.withdraw({ currency: "USD", amount: "1500.00", idempotencyKey: key() });
    const decisions = await Promise.all(
      [0, 1, 2, 3].map(() => codeOf(ops.api.ops.withdrawals.approve({ withdrawalId: again.id }))),
    );
    expect(decisions.sort()).toEqual([
      "RESOLVED",
      "WITHDRAWAL_NOT_PENDING",
      "WITHDRAWAL_NOT_PENDING",
      "WITHDRAWAL_NOT_PENDING",
    ]);
    expect((await member.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "3500.00",
      frozen: "0.00",
    });
    await app().assertInvariants();
  });
});
