import { pgErrorCode } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestUser } from "../src/testing/index.ts";
import { cashAccountId } from "../src/wallet/accounts.ts";
import { key } from "./support/fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  // Small bounds, so a test reaches them in a few deposits (each request is < 10^12 anyway).
  app = await createTestApp({ policy: { maxMemberBalance: "1000", maxPlatformBalance: "3000" } });
});
afterAll(async () => {
  await app?.close();
});

/** Everything a refused deposit must leave as it was. */
async function books(member: TestUser, currency: string) {
  const cash = await app.db.account.findUniqueOrThrow({ where: { id: await cashAccountId(app.db, currency) } });
  const wallet = await app.db.account.findUnique({ where: { userId_currency: { userId: member.id, currency } } });
  return {
    cash: cash.balance.toFixed(),
    wallet: wallet ? `${wallet.balance.toFixed()}/${wallet.frozen.toFixed()}` : null,
    deposits: await app.db.deposit.count({ where: { userId: member.id } }),
    journals: await app.db.journal.count({ where: { type: "DEPOSIT", currency } }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; details?: unknown } }).cause;
    return { code: cause?.code ?? `UNCODED(${String(error)})`, details: cause?.details };
  }
  return { code: "RESOLVED", details: null };
}

describe("the bound on balances", () => {
  it("a member's balance stops at the bound: the next deposit is BALANCE_LIMIT and nothing moves", async () => {
    const member = await app.user("MEMBER");
    await member.api.wallet.deposit({ currency: "USD", amount: "600.00", idempotencyKey: key() });
    await member.api.wallet.deposit({ currency: "USD", amount: "399.99", idempotencyKey: key() });
    const at = await books(member, "USD");
    const retried = key();
    expect(
      await refusal(member.api.wallet.deposit({ currency: "USD", amount: "0.02", idempotencyKey: retried })),
    ).toEqual({ code: "BALANCE_LIMIT", details: { scope: "MEMBER", currency: "USD", max: "1000", room: "0.01" } });
    expect(await books(member, "USD")).toEqual(at);
    // Nothing was stored, the key included: the same key with what fits goes through, to the bound exactly.
    await member.api.wallet.deposit({ currency: "USD", amount: "0.01", idempotencyKey: retried });
    expect((await books(member, "USD")).wallet).toBe("1000/0");
    expect(
      (await refusal(member.api.wallet.deposit({ currency: "USD", amount: "0.01", idempotencyKey: key() }))).code,
    ).toBe("BALANCE_LIMIT");
    // Money that left makes room again; frozen money (a withdrawal waiting for approval) does not.
    await member.api.wallet.withdraw({ currency: "USD", amount: "10.00", idempotencyKey: key() });
    await member.api.wallet.deposit({ currency: "USD", amount: "10.00", idempotencyKey: key() });
    expect((await books(member, "USD")).wallet).toBe("1000/0");
    const pending = await member.api.wallet.withdraw({ currency: "USD", amount: "1000.00", idempotencyKey: key() });
    expect(pending.status).toBe("PENDING");
    expect((await books(member, "USD")).wallet).toBe("0/1000");
    expect(
      (await refusal(member.api.wallet.deposit({ currency: "USD", amount: "0.01", idempotencyKey: key() }))).code,
    ).toBe("BALANCE_LIMIT");
  });

  it("the platform's total per currency stops at its bound, whoever deposits", async () => {
    const members = await Promise.all([1, 2, 3, 4].map(() => app.user("MEMBER")));
    for (const member of members.slice(0, 3))
      await member.api.wallet.deposit({ currency: "CNY", amount: "1000.00", idempotencyKey: key() });
    const late = members[3];
    if (!late) throw new Error("no member");
    const at = await books(late, "CNY");
    expect(at.cash).toBe("-3000");
    // Within the member's own bound, past the platform's: the refusal names the scope, not the total.
    expect(await refusal(late.api.wallet.deposit({ currency: "CNY", amount: "0.01", idempotencyKey: key() }))).toEqual({
      code: "BALANCE_LIMIT",
      details: { scope: "PLATFORM", currency: "CNY" },
    });
    expect(await books(late, "CNY")).toEqual(at);
    // Another currency has its own room.
    await late.api.wallet.deposit({ currency: "JPY", amount: "1000", idempotencyKey: key() });
    await app.assertInvariants();
  });

  it("concurrent deposits cannot pass the bound together (judged under the accounts' locks)", async () => {
    const member = await app.user("MEMBER");
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        refusal(member.api.wallet.deposit({ currency: "JPY", amount: "200", idempotencyKey: key() })),
      ),
    );
    expect(results.map((r) => r.code).sort()).toEqual([
      ...Array<string>(5).fill("BALANCE_LIMIT"),
      ...Array<string>(5).fill("RESOLVED"),
    ]);
    expect(results.filter((r) => r.code === "BALANCE_LIMIT")).toHaveLength(5);
    expect((await books(member, "JPY")).wallet).toBe("1000/0");
    await app.assertInvariants();
  });

  it("the database refuses an account past 10^18 even if a path forgot the check", async () => {
    const cashId = await cashAccountId(app.db, "USD");
    let code: string | undefined;
    try {
      await app.db.$executeRaw`UPDATE accounts SET balance = -1000000000000000001 WHERE id = ${cashId}`;
    } catch (error) {
      code = pgErrorCode(error);
    }
    expect(code).toBe("23514");
  });
});
