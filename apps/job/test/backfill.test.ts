import { backfillCurrencyAccounts, currenciesMissingAccounts } from "@trade/api/jobs";
import { createTestApp, type TestApp, type TestUser } from "@trade/api/testing";
import { createDb } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedMember } from "./support/fixtures.ts";

let app: TestApp;
let operator: TestUser;
let userCount: number;
beforeAll(async () => {
  app = await createTestApp();
  operator = await app.user("OPERATOR");
  await app.user("MERCHANT");
  for (let i = 0; i < 8; i++) await app.user("MEMBER");
  // Plenty more members, created set-based like a real user base, with their existing accounts.
  await app.db.$executeRaw`
    INSERT INTO users (email, name, password_hash)
    SELECT 'bulk-' || g || '@test.trade', 'Bulk ' || g, '!' FROM generate_series(1, 230) g`;
  await app.db.$executeRaw`
    INSERT INTO accounts (user_id, currency, kind)
    SELECT u.id, c.code, 'WALLET' FROM users u CROSS JOIN currencies c WHERE u.email LIKE 'bulk-%'`;
  userCount = await app.db.user.count({ where: { role: { not: "SYSTEM" } } });
});
afterAll(async () => {
  await app?.close();
});

const progress = async (code: string) => (await operator.api.ops.currencies.list()).find((c) => c.code === code);

describe("currency backfill", () => {
  it("has nothing to do while every user has every active currency", async () => {
    expect(await currenciesMissingAccounts(app.db)).toEqual([]);
    const result = await backfillCurrencyAccounts(app.db, { batchSize: 50 });
    expect(result).toMatchObject({ currencies: [], batches: 0, accountsCreated: 0, complete: true });
  });

  it("resumes after a crash mid-way and gives every user exactly one account", async () => {
    await operator.api.ops.currencies.create({ code: "EUR", name: "Euro", scale: 2 });
    expect(await currenciesMissingAccounts(app.db)).toEqual([{ code: "EUR", missing: userCount }]);
    expect(await progress("EUR")).toMatchObject({ usersWithAccount: 0, users: userCount });

    // First run: the process "dies" right after its first batch committed.
    let batches = 0;
    await expect(
      backfillCurrencyAccounts(app.db, {
        batchSize: 40,
        onBatch: () => {
          batches++;
          throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    expect(batches).toBe(1);
    // Progress is visible to the admin app while the backfill is incomplete.
    expect(await progress("EUR")).toMatchObject({ usersWithAccount: 40, users: userCount });

    // A fresh run finds what is still missing and completes.
    const seen: { created: number; users: number }[] = [];
    const resumed = await backfillCurrencyAccounts(app.db, { batchSize: 40, onBatch: (b) => void seen.push(b) });
    expect(resumed).toMatchObject({
      currencies: ["EUR"],
      accountsCreated: userCount - 40,
      usersScanned: userCount,
      complete: true,
    });
    expect(seen[0]).toMatchObject({ created: 0, users: 40 });
    expect(await progress("EUR")).toMatchObject({ usersWithAccount: userCount, users: userCount });

    const perUser = await app.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(a.id) AS n FROM users u LEFT JOIN accounts a ON a.user_id = u.id AND a.currency = 'EUR' WHERE u.role <> 'SYSTEM' GROUP BY u.id`;
    expect(perUser.every((r) => r.n === 1n)).toBe(true);
    expect(await currenciesMissingAccounts(app.db)).toEqual([]);
    expect((await backfillCurrencyAccounts(app.db, { batchSize: 40 })).accountsCreated).toBe(0);

    // The new accounts are usable at once.
    const member = await fundedMember(app, "12.34", "EUR");
    expect((await member.api.wallet.accounts()).find((a) => a.currency === "EUR")?.available).toBe("12.34");
    await app.assertInvariants();
  });

  it("stops between batches when asked (graceful shutdown) and a later run completes", async () => {
    await operator.api.ops.currencies.create({ code: "GBP", name: "Pound", scale: 2 });
    const controller = new AbortController();
    const partial = await backfillCurrencyAccounts(app.db, {
      batchSize: 30,
      signal: controller.signal,
      onBatch: () => controller.abort(),
    });
    expect(partial).toMatchObject({ complete: false, batches: 1, accountsCreated: 30 });
    const rest = await backfillCurrencyAccounts(app.db, { batchSize: 30 });
    expect(rest.complete).toBe(true);
    expect(partial.accountsCreated + rest.accountsCreated).toBe(
      await app.db.user.count({ where: { role: { not: "SYSTEM" } } }),
    );
  });

  it("two instances backfilling at once never create an account twice", async () => {
    await operator.api.ops.currencies.create({ code: "CHF", name: "Franc", scale: 2 });
    const other = createDb({ url: app.url, DB_POOL_SIZE: 4 });
    try {
      const [a, b] = await Promise.all([
        backfillCurrencyAccounts(app.db, { batchSize: 25 }),
        backfillCurrencyAccounts(other, { batchSize: 25 }),
      ]);
      const users = await app.db.user.count({ where: { role: { not: "SYSTEM" } } });
      expect(a.accountsCreated + b.accountsCreated).toBe(users);
      expect(await app.db.account.count({ where: { currency: "CHF", kind: "WALLET" } })).toBe(users);
    } finally {
      await other.$disconnect();
    }
  });

  it("skips currencies that are switched off", async () => {
    await operator.api.ops.currencies.create({ code: "SEK", name: "Krona", scale: 2 });
    await operator.api.ops.currencies.setActive({ code: "SEK", active: false });
    expect((await currenciesMissingAccounts(app.db)).map((c) => c.code)).not.toContain("SEK");
    expect((await backfillCurrencyAccounts(app.db)).accountsCreated).toBe(0);
    expect(await app.db.account.count({ where: { currency: "SEK", kind: "WALLET" } })).toBe(0);
  });
});
