import { describe, expect, it } from "vitest";
import { useTestApp, type TestUser } from "../src/testing/index.ts";
import { requestWithdrawal } from "../src/wallet/withdraw.ts";
import { fundedMember, key, refusalOf, walletAccountOf } from "./support/fixtures.ts";

// What the wallet's services answer, field by field: the replays of a retried deposit or
// withdrawal, and every refusal's code AND details (the client shows them), with nothing moved.
const app = useTestApp({ policy: { withdrawThresholds: { USD: "1000" } } });

async function balance(member: TestUser) {
  const account = (await member.api.wallet.accounts()).find((a) => a.currency === "USD");
  return { available: account?.available, frozen: account?.frozen };
}

const withdraw = (member: TestUser, amount: string, idempotencyKey = key()) =>
  member.api.wallet.withdraw({ currency: "USD", amount, idempotencyKey });

describe("deposits and withdrawals answer what happened", () => {
  // A retried request (same key, same amount, written another way) answers the first one,
  // replayed; the same key with another amount is refused and moves nothing.
  const REPLAYS = [
    {
      what: "a deposit",
      funds: null,
      move: (member: TestUser, amount: string, idempotencyKey: string) =>
        member.api.wallet.deposit({ currency: "USD", amount, idempotencyKey }),
      rows: (userId: number) => app().db.deposit.count({ where: { userId } }),
      amounts: ["12.5", "12.50", "13.00"],
      answer: { amount: "12.50", status: "COMPLETED" },
      after: { available: "12.50", frozen: "0.00" },
    },
    {
      what: "an instant withdrawal",
      funds: "100.00",
      move: withdraw,
      rows: (userId: number) => app().db.withdrawal.count({ where: { userId } }),
      amounts: ["5", "5.00", "6.00"],
      answer: { amount: "5.00", status: "COMPLETED", decidedAt: expect.any(Date) as Date, reason: null },
      after: { available: "95.00", frozen: "0.00" },
    },
  ] as const;

  it.each(REPLAYS)(
    "$what and its replay: every field, replayed only the second time; another amount is IDEMPOTENCY_CONFLICT and moves nothing",
    async ({ funds, move, rows, amounts: [amount, sameAmount, otherAmount], answer, after }) => {
      const member = funds ? await fundedMember(app(), funds) : await app().user("MEMBER");
      const k = key();
      const first = await move(member, amount, k);
      expect(first).toEqual({
        id: expect.any(Number) as number,
        currency: "USD",
        createdAt: expect.any(Date) as Date,
        ...answer,
        replayed: false,
      });
      expect(await move(member, sameAmount, k)).toEqual({ ...first, replayed: true });
      expect(await refusalOf(move(member, otherAmount, k))).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
      expect(await balance(member)).toEqual(after);
      expect(await rows(member.id)).toBe(1);
      await app().assertInvariants();
    },
  );

  it("a deposit in a currency switched off is CURRENCY_INACTIVE naming the currency; one made before replays", async () => {
    const ops = await app().user("OPERATOR");
    await ops.api.ops.currencies.create({ code: "XOFF", name: "Switched off", scale: 2 });
    const member = await app().user("MEMBER");
    const k = key();
    const before = await member.api.wallet.deposit({ currency: "XOFF", amount: "3.00", idempotencyKey: k });
    await ops.api.ops.currencies.setActive({ code: "XOFF", active: false });
    expect(
      await refusalOf(member.api.wallet.deposit({ currency: "XOFF", amount: "1.00", idempotencyKey: key() })),
    ).toEqual({
      code: "CURRENCY_INACTIVE",
      details: { currency: "XOFF" },
      message:
        "This currency is no longer accepted for new orders or deposits; existing balances can still be withdrawn.",
    });
    expect(await member.api.wallet.deposit({ currency: "XOFF", amount: "3.00", idempotencyKey: k })).toEqual({
      ...before,
      replayed: true,
    });
    expect(await app().db.deposit.count({ where: { userId: member.id } })).toBe(1);
    await app().assertInvariants();
  });

  it("the service itself refuses a frozen member's withdrawal (ACCOUNT_FROZEN), not only the router", async () => {
    const member = await fundedMember(app(), "100.00");
    const deps = { db: app().db, redis: null, policy: { withdrawThresholds: { USD: "1000" } } };
    const input = { currency: "USD", amount: "5.00", idempotencyKey: key() };
    expect(await refusalOf(requestWithdrawal(deps, { id: member.id, status: "FROZEN" }, input))).toEqual({
      code: "ACCOUNT_FROZEN",
      details: undefined,
      message: "This account is frozen. Contact support.",
    });
    expect(await app().db.withdrawal.count({ where: { userId: member.id } })).toBe(0);
    expect(await balance(member)).toEqual({ available: "100.00", frozen: "0.00" });
  });
});

describe("an operator's decision", () => {
  it("a rejection stores who, when and why and returns the hold; deciding again is WITHDRAWAL_NOT_PENDING", async () => {
    const member = await fundedMember(app(), "3000.00");
    const ops = await app().user("OPERATOR");
    const pending = await withdraw(member, "2000.00");
    expect(pending).toMatchObject({ status: "PENDING", decidedAt: null, reason: null });
    expect(await ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "too much" })).toEqual({
      id: pending.id,
      status: "REJECTED",
    });
    const row = await app().db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } });
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
      expect(await refusalOf(decide)).toEqual({
        code: "WITHDRAWAL_NOT_PENDING",
        details: { resource: "withdrawal" },
        message: "This withdrawal was already decided.",
      });
    expect(await balance(member)).toEqual({ available: "3000.00", frozen: "0.00" });
    await app().assertInvariants();
  });

  it("an approval pays out once and records the approver; a second approval is WITHDRAWAL_NOT_PENDING", async () => {
    const member = await fundedMember(app(), "3000.00");
    const ops = await app().user("OPERATOR");
    const pending = await withdraw(member, "2000.00");
    expect(await ops.api.ops.withdrawals.approve({ withdrawalId: pending.id })).toEqual({
      id: pending.id,
      status: "COMPLETED",
    });
    const row = await app().db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } });
    expect([row.status, row.decidedById, row.reason]).toEqual(["COMPLETED", ops.id, null]);
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toEqual({
      code: "WITHDRAWAL_NOT_PENDING",
      details: { resource: "withdrawal" },
      message: "This withdrawal was already decided.",
    });
    expect(await balance(member)).toEqual({ available: "1000.00", frozen: "0.00" });
    await app().assertInvariants();
  });

  it("an unknown withdrawal is NOT_FOUND; one's own is SELF_APPROVAL to approve but may be rejected", async () => {
    const ops = await app().user("OPERATOR");
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: 2_000_000_000 }))).toEqual({
      code: "NOT_FOUND",
      details: { resource: "withdrawal" },
      message: "Not found.",
    });
    await ops.api.wallet.deposit({ currency: "USD", amount: "3000.00", idempotencyKey: key() });
    const own = await withdraw(ops, "2000.00");
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: own.id }))).toEqual({
      code: "SELF_APPROVAL",
      details: { withdrawalId: own.id },
      message: "You cannot approve your own withdrawal; another operator must.",
    });
    expect(await balance(ops)).toEqual({ available: "1000.00", frozen: "2000.00" });
    // Four eyes guard paying out, not giving one's own money back.
    expect(await ops.api.ops.withdrawals.reject({ withdrawalId: own.id, reason: "changed my mind" })).toEqual({
      id: own.id,
      status: "REJECTED",
    });
    expect(await balance(ops)).toEqual({ available: "3000.00", frozen: "0.00" });
    await app().assertInvariants();
  });

  it("a hold that is no longer frozen (books broken) cannot be paid out or released: INTERNAL, nothing moves", async () => {
    const member = await fundedMember(app(), "3000.00");
    const ops = await app().user("OPERATOR");
    const pending = await withdraw(member, "2000.00");
    const account = await walletAccountOf(app(), member.id);
    await app().db.$executeRaw`UPDATE accounts SET frozen = 0, balance = balance + 2000 WHERE id = ${account.id}`;
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toMatchObject({
      code: "INTERNAL",
    });
    expect(
      await refusalOf(ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "broken" })),
    ).toMatchObject({ code: "INTERNAL" });
    expect((await app().db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("PENDING");
    await app().db.$executeRaw`UPDATE accounts SET frozen = 2000, balance = balance - 2000 WHERE id = ${account.id}`;
    await ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "repaired" });
    await app().assertInvariants();
  });

  it("a frozen member's withdrawal is MEMBER_FROZEN naming the member, and nothing is decided", async () => {
    const member = await fundedMember(app(), "3000.00");
    const ops = await app().user("OPERATOR");
    const pending = await withdraw(member, "2500.00");
    await ops.api.ops.users.setStatus({ userId: member.id, status: "FROZEN" });
    expect(await refusalOf(ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toEqual({
      code: "MEMBER_FROZEN",
      details: { userId: member.id },
      message: "The member's account is frozen: the withdrawal cannot be approved.",
    });
    const row = await app().db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } });
    expect([row.status, row.decidedById, row.decidedAt]).toEqual(["PENDING", null, null]);
    await app().assertInvariants();
  });
});
