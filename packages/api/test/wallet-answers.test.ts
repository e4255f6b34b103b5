import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../src/errors/index.ts";
import { createTestApp, type TestApp, type TestUser } from "../src/testing/index.ts";
import { requestWithdrawal } from "../src/wallet/withdraw.ts";
import { fundedMember, key } from "./support/fixtures.ts";

// What the wallet's services answer, field by field: the replays of a retried deposit or
// withdrawal, and every refusal's code AND details (the client shows them), with nothing moved.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ policy: { withdrawThresholds: { USD: "1000" } } });
});
afterAll(async () => {
  await app?.close();
});

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  const domain = error instanceof TRPCError ? error.cause : error;
  if (!(domain instanceof DomainError)) throw new Error(`not refused: ${String(error)}`);
  return { code: domain.code, details: domain.details };
}

async function balance(member: TestUser) {
  const account = (await member.api.wallet.accounts()).find((a) => a.currency === "USD");
  return { available: account?.available, frozen: account?.frozen };
}

const withdraw = (member: TestUser, amount: string, idempotencyKey = key()) =>
  member.api.wallet.withdraw({ currency: "USD", amount, idempotencyKey });

describe("deposits and withdrawals answer what happened", () => {
  it("a deposit and its replay: the same figures, replayed only the second time; another amount is IDEMPOTENCY_CONFLICT", async () => {
    const member = await app.user("MEMBER");
    const k = key();
    const first = await member.api.wallet.deposit({ currency: "USD", amount: "12.5", idempotencyKey: k });
    expect(first).toEqual({
      id: expect.any(Number) as number,
      currency: "USD",
      amount: "12.50",
      status: "COMPLETED",
      createdAt: expect.any(Date) as Date,
      replayed: false,
    });
    const again = await member.api.wallet.deposit({ currency: "USD", amount: "12.50", idempotencyKey: k });
    expect(again).toEqual({ ...first, replayed: true });
    expect(
      await refusalOf(member.api.wallet.deposit({ currency: "USD", amount: "13.00", idempotencyKey: k })),
    ).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    expect(await balance(member)).toEqual({ available: "12.50", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("an instant withdrawal and its replay: every field; another amount is IDEMPOTENCY_CONFLICT and moves nothing", async () => {
    const member = await fundedMember(app, "100.00");
    const k = key();
    const first = await withdraw(member, "5", k);
    expect(first).toEqual({
      id: expect.any(Number) as number,
      currency: "USD",
      amount: "5.00",
      status: "COMPLETED",
      createdAt: expect.any(Date) as Date,
      decidedAt: expect.any(Date) as Date,
      reason: null,
      replayed: false,
    });
    expect(await withdraw(member, "5.00", k)).toEqual({ ...first, replayed: true });
    expect(await refusalOf(withdraw(member, "6.00", k))).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    expect(await balance(member)).toEqual({ available: "95.00", frozen: "0.00" });
    expect(await app.db.withdrawal.count({ where: { userId: member.id } })).toBe(1);
    await app.assertInvariants();
  });

  it("a deposit in a currency switched off is CURRENCY_INACTIVE naming the currency; one made before replays", async () => {
    const ops = await app.user("OPERATOR");
    await ops.api.ops.currencies.create({ code: "XOFF", name: "Switched off", scale: 2 });
    const member = await app.user("MEMBER");
    const k = key();
    const before = await member.api.wallet.deposit({ currency: "XOFF", amount: "3.00", idempotencyKey: k });
    await ops.api.ops.currencies.setActive({ code: "XOFF", active: false });
    expect(
      await refusalOf(member.api.wallet.deposit({ currency: "XOFF", amount: "1.00", idempotencyKey: key() })),
    ).toEqual({ code: "CURRENCY_INACTIVE", details: { currency: "XOFF" } });
    expect(await member.api.wallet.deposit({ currency: "XOFF", amount: "3.00", idempotencyKey: k })).toEqual({
      ...before,
      replayed: true,
    });
    expect(await app.db.deposit.count({ where: { userId: member.id } })).toBe(1);
    await app.assertInvariants();
  });

  it("the service itself refuses a frozen member's withdrawal (ACCOUNT_FROZEN), not only the router", async () => {
    const member = await fundedMember(app, "100.00");
    const deps = { db: app.db, redis: null, policy: { withdrawThresholds: { USD: "1000" } } };
    const input = { currency: "USD", amount: "5.00", idempotencyKey: key() };
    expect(await refusalOf(requestWithdrawal(deps, { id: member.id, status: "FROZEN" }, input))).toEqual({
      code: "ACCOUNT_FROZEN",
      details: undefined,
    });
    expect(await app.db.withdrawal.count({ where: { userId: member.id } })).toBe(0);
    expect(await balance(member)).toEqual({ available: "100.00", frozen: "0.00" });
  });
});

describe("an operator's decision", () => {
  it("a rejection stores who, when and why and returns the hold; deciding again is WITHDRAWAL_NOT_PENDING", async () => {
    const member = await fundedMember(app, "3000.00");
    const ops = await app.user("OPERATOR");
    const pending = await withdraw(member, "2000.00");
    expect(pending).toMatchObject({ status: "PENDING", decidedAt: null, reason: null });
    expect(await ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "too much" })).toEqual({
      id: pending.id,
      status: "REJECTED",
    });
    const row = await app.db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } });
    expect([row.status, row.decidedById, row.reason, row.decidedAt instanceof Date]).toEqual([
      "REJECTED",
      ops.id,
      "too much",
      true,
    ]);
    expect(await balance(member)).toEqual({ available: "3000.00", frozen: "0.00" });
    for (const decide of [
      ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }),
      ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "again" }),
    ])
      expect(await refusalOf(decide)).toEqual({ code: "WITHDRAWAL_NOT_PENDING", details: { resource: "withdrawal" } });
    expect(await balance(member)).toEqual({ available: "3000.00", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("an approval pays out once and records the approver; a second approval is WITHDRAWAL_NOT_PENDING", async () => {
    const member = await fundedMember(app, "3000.00");
    const ops = await app.user("OPERATOR");
    const pending = await withdraw(member, "2000.00");
    expect(await ops.api.ops.withdrawals.approve({ withdrawalId: pending.id })).toEqual({
      id: pending.id,
      status: "COMPLETED",
    });
    const row = await app.db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } });
    expect([row.status, row.decidedById, row.reason]).toEqual(["COMPLETED", ops.id, null]);
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toEqual({
      code: "WITHDRAWAL_NOT_PENDING",
      details: { resource: "withdrawal" },
    });
    expect(await balance(member)).toEqual({ available: "1000.00", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("an unknown withdrawal is NOT_FOUND; one's own is SELF_APPROVAL to approve but may be rejected", async () => {
    const ops = await app.user("OPERATOR");
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: 2_000_000_000 }))).toEqual({
      code: "NOT_FOUND",
      details: { resource: "withdrawal" },
    });
    await ops.api.wallet.deposit({ currency: "USD", amount: "3000.00", idempotencyKey: key() });
    const own = await withdraw(ops, "2000.00");
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: own.id }))).toEqual({
      code: "SELF_APPROVAL",
      details: { withdrawalId: own.id },
    });
    expect(await balance(ops)).toEqual({ available: "1000.00", frozen: "2000.00" });
    // Four eyes guard paying out, not giving one's own money back.
    expect(await ops.api.ops.withdrawals.reject({ withdrawalId: own.id, reason: "changed my mind" })).toEqual({
      id: own.id,
      status: "REJECTED",
    });
    expect(await balance(ops)).toEqual({ available: "3000.00", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("a hold that is no longer frozen (books broken) cannot be paid out or released: INTERNAL, nothing moves", async () => {
    const member = await fundedMember(app, "3000.00");
    const ops = await app.user("OPERATOR");
    const pending = await withdraw(member, "2000.00");
    const account = await app.db.account.findUniqueOrThrow({
      where: { userId_currency: { userId: member.id, currency: "USD" } },
    });
    await app.db.$executeRaw`UPDATE accounts SET frozen = 0, balance = balance + 2000 WHERE id = ${account.id}`;
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toMatchObject({
      code: "INTERNAL",
    });
    expect(
      await refusalOf(ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "broken" })),
    ).toMatchObject({ code: "INTERNAL" });
    expect((await app.db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("PENDING");
    await app.db.$executeRaw`UPDATE accounts SET frozen = 2000, balance = balance - 2000 WHERE id = ${account.id}`;
    await ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "repaired" });
    await app.assertInvariants();
  });

  it("a frozen member's withdrawal is MEMBER_FROZEN naming the member, and nothing is decided", async () => {
    const member = await fundedMember(app, "3000.00");
    const ops = await app.user("OPERATOR");
    const pending = await withdraw(member, "2500.00");
    await ops.api.ops.users.setStatus({ userId: member.id, status: "FROZEN" });
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toEqual({
      code: "MEMBER_FROZEN",
      details: { userId: member.id },
    });
    const row = await app.db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } });
    expect([row.status, row.decidedById, row.decidedAt]).toEqual(["PENDING", null, null]);
    await app.assertInvariants();
  });
});
