import { reconcile } from "@trade/api/jobs";
import { useTestApp } from "@trade/api/testing";
import { describe, expect, it } from "vitest";
import { runOnce } from "../src/job.ts";
import {
  fundedMember,
  key,
  placeOrder,
  stockedSku,
  testJobEnv,
  testLogger,
  walletAccountOf,
} from "./support/fixtures.ts";

const app = useTestApp();

describe("reconciliation", () => {
  it("is quiet on normal traffic", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "4.00" });
    const a = await fundedMember(app(), "50.00");
    const b = await fundedMember(app(), "20.00");
    const paid = await placeOrder(a, sku.id, 2);
    await a.api.order.pay({ orderId: paid.id });
    const cancelled = await placeOrder(b, sku.id, 1);
    await b.api.order.cancel({ orderId: cancelled.id });
    await placeOrder(b, sku.id, 1);
    await a.api.wallet.withdraw({ currency: "USD", amount: "5.00", idempotencyKey: key() });

    const result = await reconcile(app().db);
    expect(result.violations).toEqual([]);
    expect(result.raised).toBe(0);
    expect(await app().db.riskAlert.count()).toBe(0);
  });

  it("catches a balance changed by raw SQL with a CRITICAL alert naming the account, once", async () => {
    const victim = await fundedMember(app(), "30.00");
    const account = await walletAccountOf(app(), victim.id);
    await app().db.$executeRaw`UPDATE accounts SET balance = balance + 1000 WHERE id = ${account.id}`;

    const result = await reconcile(app().db);
    expect(result.violations).toContainEqual({
      check: "ledger_balance",
      subject: `account:${account.id}`,
      expected: "30.00000000",
      actual: "1030.00000000",
    });
    const alerts = await app().db.riskAlert.findMany({ where: { rule: "reconciliation" }, orderBy: { id: "asc" } });
    const forAccount = alerts.find((x) => (x.details as { subject?: string }).subject === `account:${account.id}`);
    expect(forAccount).toMatchObject({ severity: "CRITICAL", status: "OPEN", userId: victim.id });
    expect(forAccount?.message).toContain(`account:${account.id}`);
    expect(forAccount?.message).toContain(victim.email);
    expect(forAccount?.dedupeKey).toContain(`account:${account.id}`);
    expect(forAccount?.details).toMatchObject({
      check: "ledger_balance",
      accountId: account.id,
      currency: "USD",
      expected: "30.00000000",
      actual: "1030.00000000",
    });
    // Money is no longer conserved in USD either: that is named too.
    expect(alerts.some((x) => (x.details as { subject?: string }).subject === "currency:USD")).toBe(true);
    // No auto-freeze unless configured.
    expect((await app().db.user.findUniqueOrThrow({ where: { id: victim.id } })).status).toBe("ACTIVE");

    // The same unchanged finding is not raised again, even while the account keeps trading.
    await victim.api.wallet.deposit({ currency: "USD", amount: "1.00", idempotencyKey: key() });
    const again = await reconcile(app().db);
    expect(again.violations.length).toBeGreaterThan(0);
    expect(again.raised).toBe(0);
    expect(await app().db.riskAlert.count({ where: { rule: "reconciliation" } })).toBe(alerts.length);

    // The alert is what the admin app() lists.
    const operator = await app().user("OPERATOR");
    const listed = await operator.api.ops.alerts.list({ status: "OPEN", limit: 50 });
    expect(listed.items.some((i) => i.message.includes(`account:${account.id}`))).toBe(true);

    await app().db.$executeRaw`UPDATE accounts SET balance = balance - 1000 WHERE id = ${account.id}`;
    expect((await reconcile(app().db)).violations).toEqual([]);
  });

  it("names the frozen-vs-holds and stock rows, and freezes the owner when configured", async () => {
    const { sku } = await stockedSku(app(), { stock: 5, price: "2.00" });
    const member = await fundedMember(app(), "10.00");
    await placeOrder(member, sku.id, 1);
    await app().db.$executeRaw`UPDATE skus SET stock_locked = stock_locked + 3, stock = stock - 3 WHERE id = ${sku.id}`;
    const account = await walletAccountOf(app(), member.id);
    await app().db.$executeRaw`UPDATE accounts SET frozen = frozen + 5, balance = balance - 5 WHERE id = ${account.id}`;

    const result = await reconcile(app().db, { autoFreeze: true });
    const subjects = result.violations.map((v) => `${v.check} ${v.subject}`);
    expect(subjects).toEqual(
      expect.arrayContaining([
        `stock_locked sku:${sku.id}`,
        `frozen_holds account:${account.id}`,
        `ledger_frozen account:${account.id}`,
        `ledger_balance account:${account.id}`,
      ]),
    );
    expect(result.frozenUserIds).toEqual([member.id]);
    expect((await app().db.user.findUniqueOrThrow({ where: { id: member.id } })).status).toBe("FROZEN");
    // The new CRITICAL alerts about the member froze them and say so.
    const alerts = await app().db.riskAlert.findMany({ where: { userId: member.id }, orderBy: { id: "asc" } });
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    expect(
      alerts.every((a) => a.severity === "CRITICAL" && (a.details as { autoFrozen?: boolean }).autoFrozen === true),
    ).toBe(true);

    // An operator unfreezes: the same (unchanged) finding does not freeze them again.
    await app().db.user.update({ where: { id: member.id }, data: { status: "ACTIVE" } });
    expect((await reconcile(app().db, { autoFreeze: true })).frozenUserIds).toEqual([]);

    await app().db.$executeRaw`UPDATE skus SET stock_locked = stock_locked - 3, stock = stock + 3 WHERE id = ${sku.id}`;
    await app().db.$executeRaw`UPDATE accounts SET frozen = frozen - 5, balance = balance + 5 WHERE id = ${account.id}`;
    await app().assertInvariants();
  });

  it("runs as a one-shot job task", async () => {
    const member = await fundedMember(app(), "3.00");
    const account = await walletAccountOf(app(), member.id);
    await app().db.$executeRaw`UPDATE accounts SET balance = 0 WHERE id = ${account.id}`;
    expect(await runOnce(testJobEnv(app()), testLogger(), "reconcile")).toBe(true);
    expect(
      await app().db.riskAlert.count({
        where: { dedupeKey: { startsWith: `reconcile:ledger_balance:account:${account.id}:` } },
      }),
    ).toBe(1);
    await app().db.$executeRaw`UPDATE accounts SET balance = 3 WHERE id = ${account.id}`;
  });
});
