import { Prisma } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, refusalOf, type TestApp } from "../src/testing/index.ts";
import { cashAccountId, walletAccountId } from "../src/wallet/accounts.ts";
import { assertDepositWithinLimits } from "../src/wallet/balance-limits.ts";
import { postJournal } from "../src/wallet/post-journal.ts";

// The wallet's guards that no route reaches while the books are whole (every currency has its
// cash account, every deposit finds both of its accounts, the services only post balanced
// journals), called directly: each refuses with its code and says what was missing, and
// nothing is written.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const entries = () => app.db.ledgerEntry.count();

describe("the wallet's guards", () => {
  it("a currency without a cash account is UNKNOWN_CURRENCY naming it; a known one answers its cash account", async () => {
    expect(await refusalOf(cashAccountId(app.db, "XQZ"))).toMatchObject({
      code: "UNKNOWN_CURRENCY",
      details: { currency: "XQZ" },
    });
    const cash = await app.db.account.findFirstOrThrow({ where: { currency: "USD", kind: "CASH" } });
    expect(await cashAccountId(app.db, "USD")).toBe(cash.id);
  });

  it("a wallet in a currency that does not exist is NOT_FOUND naming the account and the currency", async () => {
    const member = await app.user("MEMBER");
    expect(await refusalOf(walletAccountId(app.db, member.id, "XQZ"))).toMatchObject({
      code: "NOT_FOUND",
      details: { resource: "account", currency: "XQZ" },
    });
    const own = await app.db.account.findUniqueOrThrow({
      where: { userId_currency: { userId: member.id, currency: "USD" } },
    });
    expect(await walletAccountId(app.db, member.id, "USD")).toBe(own.id);
  });

  it("a deposit whose accounts are not both there is INTERNAL, not a refusal the member could act on", async () => {
    const member = await app.user("MEMBER");
    const wallet = await walletAccountId(app.db, member.id, "USD");
    const limits = { maxMemberBalance: "1000000", maxPlatformBalance: "1000000000" };
    const input = { walletId: wallet, cashId: -1, currency: "USD", amount: new Prisma.Decimal("1"), limits };
    expect(await refusalOf(assertDepositWithinLimits(app.db, input))).toMatchObject({
      code: "INTERNAL",
      message: "deposit accounts missing",
    });
    const cash = await cashAccountId(app.db, "USD");
    await expect(assertDepositWithinLimits(app.db, { ...input, cashId: cash })).resolves.toBeUndefined();
  });

  it("an unbalanced journal, or one of a single line, is INTERNAL and writes nothing", async () => {
    const member = await app.user("MEMBER");
    const wallet = await walletAccountId(app.db, member.id, "USD");
    const cash = await cashAccountId(app.db, "USD");
    const before = await entries();
    const line = (accountId: number, amount: string) => ({
      accountId,
      bucket: "AVAILABLE" as const,
      amount: new Prisma.Decimal(amount),
    });
    const journals = [[line(cash, "-1.00"), line(wallet, "0.99")], [line(wallet, "0")]];
    for (const lines of journals)
      expect(await refusalOf(postJournal(app.db, { type: "DEPOSIT", currency: "USD", lines }))).toMatchObject({
        code: "INTERNAL",
        message: "unbalanced journal",
      });
    expect(await entries()).toBe(before);
  });
});
