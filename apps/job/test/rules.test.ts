import {
  balanceDriftRule,
  cancellationsRule,
  expireDueOrders,
  failedLoginsRule,
  orderVelocityRule,
  runRiskRules,
  snapshotBalances,
  snapshotDay,
  withdrawalsRule,
  type RiskRulesConfig,
} from "@trade/api/jobs";
import { createTestApp, type TestApp, type TestUser } from "@trade/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedMember, key, makeDue, placeOrder, stockedSku } from "./support/fixtures.ts";

const config: RiskRulesConfig = {
  balanceDrift: { graceSeconds: 60 },
  orderVelocity: { maxPerMinute: 5, lookbackMinutes: 5 },
  cancellations: { windowMinutes: 60, max: 3, minRatio: 0.5 },
  withdrawals: {
    largeThresholds: { USD: "500" },
    largeDefault: "1000000",
    afterDepositMinutes: 10,
    lookbackMinutes: 15,
  },
  failedLogins: { windowMinutes: 15, maxPerEmail: 5, maxPerIp: 8 },
};
const off = { autoFreeze: false };

let app: TestApp;
let skuId: number;
beforeAll(async () => {
  app = await createTestApp();
  skuId = (await stockedSku(app, { stock: 1_000, price: "1.00" })).sku.id;
});
afterAll(async () => {
  await app?.close();
});

/** Deposits made an hour ago (ordinary money already in the wallet, not a fresh top-up). */
async function seasoned(amount: string): Promise<TestUser> {
  const member = await fundedMember(app, amount);
  await app.db.$executeRaw`UPDATE deposits SET created_at = now() - interval '1 hour' WHERE user_id = ${member.id}`;
  return member;
}

const alertsFor = (userId: number) => app.db.riskAlert.findMany({ where: { userId }, orderBy: { id: "asc" } });
const usdAccountId = async (userId: number) =>
  (await app.db.account.findUniqueOrThrow({ where: { userId_currency: { userId, currency: "USD" } } })).id;
const badLogin = (caller: TestUser["api"], email: string) =>
  caller.auth.issueToken({ email, password: "definitely-wrong-1" }).then(
    () => "ok",
    () => "refused",
  );

describe("risk rules", () => {
  it("stay quiet on normal traffic", async () => {
    const members = await Promise.all([seasoned("100.00"), seasoned("80.00"), seasoned("60.00")]);
    const [a, b, c] = members;
    await a.api.order.pay({ orderId: (await placeOrder(a, skuId, 3)).id });
    await b.api.order.pay({ orderId: (await placeOrder(b, skuId, 1)).id });
    await b.api.order.cancel({ orderId: (await placeOrder(b, skuId, 1)).id });
    const forgotten = await placeOrder(c, skuId, 2);
    await makeDue(app, [forgotten.id]);
    await expireDueOrders(app.deps);
    await c.api.wallet.withdraw({ currency: "USD", amount: "20.00", idempotencyKey: key() });
    // A typo, then the right password.
    const caller = await app.callerFor(null, { "x-forwarded-for": "192.0.2.10" });
    expect(await badLogin(caller, a.email)).toBe("refused");
    await caller.auth.issueToken({ email: a.email, password: "correct-horse-battery" });

    // The daily snapshot, then more ordinary activity.
    await snapshotBalances(app.deps, { day: snapshotDay() });
    await a.api.wallet.deposit({ currency: "USD", amount: "15.00", idempotencyKey: key() });
    await a.api.order.pay({ orderId: (await placeOrder(a, skuId, 4)).id });
    await placeOrder(b, skuId, 2);
    await c.api.wallet.deposit({ currency: "JPY", amount: "700", idempotencyKey: key() });

    const run = await runRiskRules(app.db, config, off);
    expect(run.errors).toEqual([]);
    expect(run.outcomes.map((o) => [o.rule, o.findings])).toEqual([
      ["balance_drift", 0],
      ["order_velocity", 0],
      ["cancellations", 0],
      ["withdrawals", 0],
      ["failed_logins", 0],
    ]);
    expect(await app.db.riskAlert.count()).toBe(0);
    await app.assertInvariants();
  });

  it("balance drift: a change since the snapshot that the ledger does not explain (CRITICAL)", async () => {
    const honest = await seasoned("40.00");
    const tampered = await seasoned("40.00");
    await snapshotBalances(app.deps, { day: snapshotDay() });
    await honest.api.wallet.deposit({ currency: "USD", amount: "5.00", idempotencyKey: key() });
    await tampered.api.wallet.deposit({ currency: "USD", amount: "5.00", idempotencyKey: key() });
    const accountId = await usdAccountId(tampered.id);
    await app.db.$executeRaw`UPDATE accounts SET balance = balance + 50 WHERE id = ${accountId}`;

    const outcome = await balanceDriftRule(app.db, config.balanceDrift, off);
    expect(outcome).toMatchObject({ findings: 1, raised: 1 });
    const [alert] = await alertsFor(tampered.id);
    expect(alert).toMatchObject({
      rule: "balance_drift",
      severity: "CRITICAL",
      dedupeKey: `balance_drift:account:${accountId}:${snapshotDay()}`,
    });
    expect(alert?.details).toMatchObject({
      accountId,
      currency: "USD",
      snapshotTotal: "40.00",
      currentTotal: "95.00000000",
      ledgerChangeSinceSnapshot: "5.00000000",
    });
    expect(await alertsFor(honest.id)).toEqual([]);
    // Deduplicated on the next run.
    expect(await balanceDriftRule(app.db, config.balanceDrift, off)).toMatchObject({ findings: 1, raised: 0 });
    await app.db.$executeRaw`UPDATE accounts SET balance = balance - 50 WHERE id = ${accountId}`;
    expect((await balanceDriftRule(app.db, config.balanceDrift, off)).findings).toBe(0);
  });

  it("balance drift: a snapshot that no point of the ledger explains, and auto-freeze when configured", async () => {
    const member = await seasoned("30.00");
    const accountId = await usdAccountId(member.id);
    await app.db.$executeRaw`UPDATE accounts SET balance = balance + 7 WHERE id = ${accountId}`;
    const tomorrow = snapshotDay(new Date(Date.now() + 86_400_000));
    await snapshotBalances(app.deps, { day: tomorrow });

    const outcome = await balanceDriftRule(app.db, config.balanceDrift, { autoFreeze: true });
    expect(outcome).toMatchObject({ findings: 1, raised: 1, frozenUserIds: [member.id] });
    expect((await app.db.user.findUniqueOrThrow({ where: { id: member.id } })).status).toBe("FROZEN");
    const [alert] = await alertsFor(member.id);
    expect(alert).toMatchObject({ severity: "CRITICAL", dedupeKey: `balance_drift:account:${accountId}:${tomorrow}` });
    expect(alert?.details).toMatchObject({ autoFrozen: true, snapshotTotal: "37.00" });
    await app.db.$executeRaw`UPDATE accounts SET balance = balance - 7 WHERE id = ${accountId}`;
    await app.db.user.update({ where: { id: member.id }, data: { status: "ACTIVE" } });
    await app.db.$executeRaw`DELETE FROM balance_snapshots WHERE day = ${tomorrow}::date`;
  });

  it("balance drift: a deposit still in flight while the snapshot ran is not a false alarm", async () => {
    const member = await seasoned("20.00");
    const accountId = await usdAccountId(member.id);
    const day = snapshotDay(new Date(Date.now() + 2 * 86_400_000));
    let deposit: Promise<unknown> = Promise.resolve();
    // Hold the wallet row so the deposit's transaction starts (its entries get that start time)
    // but cannot commit until after the snapshot has read the account.
    await app.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`;
        deposit = member.api.wallet.deposit({ currency: "USD", amount: "3.00", idempotencyKey: key() });
        await new Promise((r) => setTimeout(r, 300));
        await snapshotBalances({ db: app.db, redis: null }, { day });
      },
      { timeout: 10_000 },
    );
    await deposit;
    const entry = await app.db.ledgerEntry.findFirstOrThrow({ where: { accountId }, orderBy: { id: "desc" } });
    const snapshot = await app.db.balanceSnapshot.findUniqueOrThrow({
      where: { userId_day: { userId: member.id, day: new Date(`${day}T00:00:00Z`) } },
    });
    expect(snapshot.balances).toMatchObject({ usd: "20.00" });
    expect(entry.createdAt.getTime()).toBeLessThan(snapshot.createdAt.getTime());

    expect((await balanceDriftRule(app.db, config.balanceDrift, off)).findings).toBe(0);
    await app.db.$executeRaw`DELETE FROM balance_snapshots WHERE day = ${day}::date`;
  });

  it("order velocity: more than N orders within a minute", async () => {
    const busy = await seasoned("50.00");
    const calm = await seasoned("50.00");
    for (let i = 0; i < 7; i++) await placeOrder(busy, skuId, 1);
    for (let i = 0; i < 3; i++) await placeOrder(calm, skuId, 1);
    const outcome = await orderVelocityRule(app.db, config.orderVelocity, off);
    expect(outcome).toMatchObject({ findings: 1, raised: 1 });
    const [alert] = await alertsFor(busy.id);
    expect(alert).toMatchObject({ rule: "order_velocity", severity: "WARNING" });
    expect(alert?.details).toMatchObject({ peakPerMinute: 7, limit: 5 });
    expect(await alertsFor(calm.id)).toEqual([]);
    expect((await orderVelocityRule(app.db, config.orderVelocity, off)).raised).toBe(0);
  });

  it("many cancelled or expired orders", async () => {
    const flaky = await seasoned("50.00");
    const buyer = await seasoned("50.00");
    const flakyOrders = [];
    for (let i = 0; i < 4; i++) flakyOrders.push(await placeOrder(flaky, skuId, 2));
    for (const o of flakyOrders.slice(0, 3)) await flaky.api.order.cancel({ orderId: o.id });
    await makeDue(app, [flakyOrders[3]!.id]);
    await expireDueOrders(app.deps);
    for (let i = 0; i < 3; i++) await buyer.api.order.pay({ orderId: (await placeOrder(buyer, skuId, 1)).id });
    await buyer.api.order.cancel({ orderId: (await placeOrder(buyer, skuId, 1)).id });

    const outcome = await cancellationsRule(app.db, config.cancellations, off);
    expect(outcome).toMatchObject({ findings: 1, raised: 1 });
    const [alert] = await alertsFor(flaky.id);
    expect(alert).toMatchObject({ rule: "cancellations", severity: "WARNING" });
    expect(alert?.details).toMatchObject({ closed: 4, cancelled: 3, expired: 1, total: 4 });
    expect(await alertsFor(buyer.id)).toEqual([]);
  });

  it("withdrawals: above the threshold, or right after a deposit", async () => {
    const whale = await seasoned("2000.00");
    const bigOne = await whale.api.wallet.withdraw({ currency: "USD", amount: "600.00", idempotencyKey: key() });
    const mule = await fundedMember(app, "100.00");
    const quick = await mule.api.wallet.withdraw({ currency: "USD", amount: "50.00", idempotencyKey: key() });
    const regular = await seasoned("100.00");
    await regular.api.wallet.withdraw({ currency: "USD", amount: "50.00", idempotencyKey: key() });
    // A deposit in another currency does not make a USD withdrawal "right after a deposit".
    await regular.api.wallet.deposit({ currency: "JPY", amount: "1000", idempotencyKey: key() });
    await regular.api.wallet.withdraw({ currency: "USD", amount: "10.00", idempotencyKey: key() });

    const outcome = await withdrawalsRule(app.db, config.withdrawals, off);
    expect(outcome).toMatchObject({ findings: 2, raised: 2 });
    expect(await alertsFor(whale.id)).toMatchObject([
      { rule: "withdrawal_large", severity: "WARNING", dedupeKey: `withdrawal_large:withdrawal:${bigOne.id}` },
    ]);
    const [muleAlert] = await alertsFor(mule.id);
    expect(muleAlert).toMatchObject({
      rule: "withdrawal_after_deposit",
      dedupeKey: `withdrawal_after_deposit:withdrawal:${quick.id}`,
    });
    expect(muleAlert?.details).toMatchObject({ amount: "50.00000000", depositAmount: "100.00000000" });
    expect(await alertsFor(regular.id)).toEqual([]);
    expect((await withdrawalsRule(app.db, config.withdrawals, off)).raised).toBe(0);
  });

  it("repeated failed logins, per email and per IP", async () => {
    const target = await app.user("MEMBER");
    const clumsy = await app.user("MEMBER");
    const attacker = await app.callerFor(null, { "x-forwarded-for": "203.0.113.66" });
    for (let i = 0; i < 6; i++) expect(await badLogin(attacker, target.email)).toBe("refused");
    const home = await app.callerFor(null, { "x-forwarded-for": "192.0.2.20" });
    expect(await badLogin(home, clumsy.email)).toBe("refused");
    expect(await badLogin(home, clumsy.email)).toBe("refused");
    await home.auth.issueToken({ email: clumsy.email, password: "correct-horse-battery" });
    // Credential stuffing: one IP, one failure on each of many addresses.
    await app.db.$executeRaw`
      INSERT INTO login_events (email, ip, success)
      SELECT 'stuffed-' || g || '@example.com', '198.51.100.9', false FROM generate_series(1, 9) g`;

    const outcome = await failedLoginsRule(app.db, config.failedLogins, off);
    expect(outcome).toMatchObject({ findings: 2, raised: 2 });
    const [byEmail] = await alertsFor(target.id);
    expect(byEmail).toMatchObject({ rule: "failed_logins", severity: "WARNING" });
    expect(byEmail?.details).toMatchObject({ email: target.email, failures: 6 });
    const byIp = await app.db.riskAlert.findFirst({
      where: { dedupeKey: { startsWith: "failed_logins:ip:198.51.100.9:" } },
    });
    expect(byIp?.details).toMatchObject({ ip: "198.51.100.9", failures: 9, emails: 9 });
    expect(await alertsFor(clumsy.id)).toEqual([]);
    expect((await failedLoginsRule(app.db, config.failedLogins, off)).raised).toBe(0);
  });
});
