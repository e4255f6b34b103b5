import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestUser } from "../src/testing/index.ts";
import { codeOf, fundedMember, key } from "./support/fixtures.ts";

/** The environment's thresholds as by default: USD 1000, JPY 150000. */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ policy: { withdrawThresholds: { USD: "1000", JPY: "150000" } } });
});
afterAll(async () => {
  await app?.close();
});

const withdraw = (member: TestUser, amount: string, currency = "USD") =>
  member.api.wallet.withdraw({ currency, amount, idempotencyKey: key() });

async function balance(member: TestUser, currency = "USD") {
  const account = (await member.api.wallet.accounts()).find((a) => a.currency === currency);
  return { available: account?.available, frozen: account?.frozen };
}

describe("withdrawal approval threshold: the day's total per member and currency", () => {
  it("999.98 then 0.02: the second one brings the day to 1000 and waits; a rejected one does not count", async () => {
    const member = await fundedMember(app, "5000.00");
    expect((await withdraw(member, "999.98")).status).toBe("COMPLETED");
    const second = await withdraw(member, "0.02");
    expect(second.status).toBe("PENDING");
    const ops = await app.user("OPERATOR");
    await ops.api.ops.withdrawals.reject({ withdrawalId: second.id, reason: "split withdrawals" });
    // Only the completed 999.98 counts now: 999.99 is still below 1000.
    expect((await withdraw(member, "0.01")).status).toBe("COMPLETED");
    expect((await withdraw(member, "0.01")).status).toBe("PENDING");
    // Another currency has its own day.
    await member.api.wallet.deposit({ currency: "JPY", amount: "1000", idempotencyKey: key() });
    expect((await withdraw(member, "500", "JPY")).status).toBe("COMPLETED");
    await app.assertInvariants();
  });

  it("concurrent withdrawals are counted one after another: 10 x 300.00 completes exactly three", async () => {
    const member = await fundedMember(app, "5000.00");
    const results = await Promise.all(Array.from({ length: 10 }, () => withdraw(member, "300.00")));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<string>(3).fill("COMPLETED"), ...Array<string>(7).fill("PENDING")]);
    expect(await balance(member)).toEqual({ available: "2000.00", frozen: "2100.00" });
    await app.assertInvariants();
  });

  it("a currency an operator creates has no threshold: every withdrawal waits until one is set", async () => {
    const ops = await app.user("OPERATOR");
    await ops.api.ops.currencies.create({ code: "XAUG", name: "Gold gram", scale: 3 });
    const member = await fundedMember(app, "1.00");
    await member.api.wallet.deposit({ currency: "XAUG", amount: "50.000", idempotencyKey: key() });
    expect((await withdraw(member, "0.001", "XAUG")).status).toBe("PENDING");
    expect((await ops.api.ops.currencies.list()).find((c) => c.code === "XAUG")?.withdrawThreshold).toBeNull();

    expect(await codeOf(ops.api.ops.currencies.setThreshold({ code: "XAUG", amount: "0" }))).toBe("INVALID_AMOUNT");
    expect(await codeOf(ops.api.ops.currencies.setThreshold({ code: "XAUG", amount: "1.0001" }))).toBe(
      "INVALID_AMOUNT",
    );
    expect(await codeOf(ops.api.ops.currencies.setThreshold({ code: "NOPE", amount: "1" }))).toBe("NOT_FOUND");
    expect(await ops.api.ops.currencies.setThreshold({ code: "XAUG", amount: "5" })).toEqual({
      code: "XAUG",
      withdrawThreshold: "5.000",
    });
    expect((await ops.api.ops.currencies.list()).find((c) => c.code === "XAUG")?.withdrawThreshold).toBe("5.000");
    // The pending 0.001 counts towards the day: 0.001 + 4.998 = 4.999 < 5.
    expect((await withdraw(member, "4.998", "XAUG")).status).toBe("COMPLETED");
    expect((await withdraw(member, "0.001", "XAUG")).status).toBe("PENDING");
    // The environment's thresholds still apply to the currencies they name.
    expect((await ops.api.ops.currencies.list()).find((c) => c.code === "USD")?.withdrawThreshold).toBe("1000.00");
    await app.assertInvariants();
  });
});

describe("who may approve a withdrawal", () => {
  it("four eyes: an operator cannot approve their own withdrawal; another operator can", async () => {
    const alice = await app.user("OPERATOR");
    const bob = await app.user("OPERATOR");
    await alice.api.wallet.deposit({ currency: "USD", amount: "3000.00", idempotencyKey: key() });
    const own = await withdraw(alice, "2000.00");
    expect(own.status).toBe("PENDING");
    expect(await codeOf(alice.api.ops.withdrawals.approve({ withdrawalId: own.id }))).toBe("SELF_APPROVAL");
    expect(await balance(alice)).toEqual({ available: "1000.00", frozen: "2000.00" });
    expect(await bob.api.ops.withdrawals.approve({ withdrawalId: own.id })).toEqual({
      id: own.id,
      status: "COMPLETED",
    });
    expect(await balance(alice)).toEqual({ available: "1000.00", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("a frozen member's pending withdrawal cannot be approved (MEMBER_FROZEN), only rejected", async () => {
    const member = await fundedMember(app, "3000.00");
    const ops = await app.user("OPERATOR");
    const pending = await withdraw(member, "2500.00");
    await ops.api.ops.users.setStatus({ userId: member.id, status: "FROZEN" });
    expect(await codeOf(ops.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toBe("MEMBER_FROZEN");
    const row = await app.db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } });
    expect([row.status, row.decidedById]).toEqual(["PENDING", null]);
    expect(await balance(member)).toEqual({ available: "500.00", frozen: "2500.00" });
    expect(await ops.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "account frozen" })).toEqual({
      id: pending.id,
      status: "REJECTED",
    });
    expect(await balance(member)).toEqual({ available: "3000.00", frozen: "0.00" });
    await app.assertInvariants();
  });

  it("a frozen operator cannot approve, reject, freeze or create currencies", async () => {
    const member = await fundedMember(app, "3000.00");
    const pending = await withdraw(member, "2500.00");
    const frozen = await app.user("OPERATOR");
    const other = await app.user("OPERATOR");
    await other.api.ops.users.setStatus({ userId: frozen.id, status: "FROZEN" });
    expect(await codeOf(frozen.api.ops.withdrawals.approve({ withdrawalId: pending.id }))).toBe("ACCOUNT_FROZEN");
    expect(await codeOf(frozen.api.ops.withdrawals.reject({ withdrawalId: pending.id, reason: "x" }))).toBe(
      "ACCOUNT_FROZEN",
    );
    expect(await codeOf(frozen.api.ops.users.setStatus({ userId: member.id, status: "FROZEN" }))).toBe(
      "ACCOUNT_FROZEN",
    );
    expect(await codeOf(frozen.api.ops.currencies.create({ code: "FRZN", name: "Frozen", scale: 2 }))).toBe(
      "ACCOUNT_FROZEN",
    );
    expect((await app.db.withdrawal.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("PENDING");
    expect(await app.db.currency.count({ where: { code: "FRZN" } })).toBe(0);
    expect((await app.db.user.findUniqueOrThrow({ where: { id: member.id } })).status).toBe("ACTIVE");
    // Reading the queue is still allowed.
    expect((await frozen.api.ops.withdrawals.pending({ limit: 100 })).items.map((w) => w.id)).toContain(pending.id);
  });
});
