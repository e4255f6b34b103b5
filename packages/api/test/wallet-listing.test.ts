import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, key, refusalOf, type TestApp, type TestUser } from "../src/testing/index.ts";
import { forgetCurrencies } from "../src/wallet/currencies.ts";

// What a member reads back about their money: the ledger (wallet.ledger) and the withdrawals
// (wallet.withdrawals), field by field, at each currency's scale, their own lines only, and the
// ledger's keyset pages.
let app: TestApp;
let member: TestUser;
let ids: { usdDeposit: number; jpyDeposit: number; usdWithdrawal: number; jpyWithdrawal: number };
beforeAll(async () => {
  app = await createTestApp();
  // Earlier entries first, so that the member's entry ids (the cursors) run past one digit.
  const earlier = await app.user("MEMBER");
  for (let i = 0; i < 6; i++)
    await earlier.api.wallet.deposit({ currency: "USD", amount: "1.00", idempotencyKey: key() });
  member = await app.user("MEMBER");
  const usdDeposit = await member.api.wallet.deposit({ currency: "USD", amount: "10.00", idempotencyKey: key() });
  const jpyDeposit = await member.api.wallet.deposit({ currency: "JPY", amount: "500", idempotencyKey: key() });
  const usdWithdrawal = await member.api.wallet.withdraw({ currency: "USD", amount: "3.5", idempotencyKey: key() });
  const jpyWithdrawal = await member.api.wallet.withdraw({ currency: "JPY", amount: "200", idempotencyKey: key() });
  ids = {
    usdDeposit: usdDeposit.id,
    jpyDeposit: jpyDeposit.id,
    usdWithdrawal: usdWithdrawal.id,
    jpyWithdrawal: jpyWithdrawal.id,
  };
  // Another member's money moves too: none of it may show in the first member's lists.
  const other = await app.user("MEMBER");
  await other.api.wallet.deposit({ currency: "USD", amount: "7.00", idempotencyKey: key() });
  await other.api.wallet.withdraw({ currency: "USD", amount: "1.00", idempotencyKey: key() });
});
afterAll(async () => {
  await app?.close();
});

type Line = Awaited<ReturnType<TestUser["api"]["wallet"]["ledger"]>>["items"][number];
const shape = (l: Line) => [l.type, l.currency, l.bucket, l.amount, l.availableAfter, l.frozenAfter];
const links = (l: Line) => [l.orderId, l.depositId, l.withdrawalId];

describe("the member's ledger (wallet.ledger)", () => {
  it("lists their own lines newest first, each at its currency's scale with the balances after it", async () => {
    const page = await member.api.wallet.ledger({ limit: 50 });
    expect(page.items.map(shape)).toEqual([
      ["WITHDRAW_COMPLETE", "JPY", "FROZEN", "-200", "300", "0"],
      ["WITHDRAW_HOLD", "JPY", "FROZEN", "200", "300", "200"],
      ["WITHDRAW_HOLD", "JPY", "AVAILABLE", "-200", "300", "200"],
      ["WITHDRAW_COMPLETE", "USD", "FROZEN", "-3.50", "6.50", "0.00"],
      ["WITHDRAW_HOLD", "USD", "FROZEN", "3.50", "6.50", "3.50"],
      ["WITHDRAW_HOLD", "USD", "AVAILABLE", "-3.50", "6.50", "3.50"],
      ["DEPOSIT", "JPY", "AVAILABLE", "500", "500", "0"],
      ["DEPOSIT", "USD", "AVAILABLE", "10.00", "10.00", "0.00"],
    ]);
    expect(page.items.map(links)).toEqual([
      [null, null, ids.jpyWithdrawal],
      [null, null, ids.jpyWithdrawal],
      [null, null, ids.jpyWithdrawal],
      [null, null, ids.usdWithdrawal],
      [null, null, ids.usdWithdrawal],
      [null, null, ids.usdWithdrawal],
      [null, ids.jpyDeposit, null],
      [null, ids.usdDeposit, null],
    ]);
    // Ids and journal ids are decimal strings (int8 on the wire); a hold's two lines share a journal.
    const entryIds = page.items.map((l) => BigInt(l.id));
    expect(entryIds).toEqual([...entryIds].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(page.items[1]?.journalId).toBe(page.items[2]?.journalId);
    expect(page.items[0]?.journalId).not.toBe(page.items[1]?.journalId);
    expect(page.items.every((l) => /^\d+$/.test(l.id) && /^\d+$/.test(l.journalId))).toBe(true);
    expect(page.items.every((l) => l.createdAt instanceof Date)).toBe(true);
    expect(page.nextCursor).toBeNull();
  });

  it("keeps to one currency when asked", async () => {
    const jpy = await member.api.wallet.ledger({ currency: "jpy", limit: 50 });
    expect(jpy.items.map((l) => [l.currency, l.amount])).toEqual([
      ["JPY", "-200"],
      ["JPY", "200"],
      ["JPY", "-200"],
      ["JPY", "500"],
    ]);
    expect((await refusalOf(member.api.wallet.ledger({ currency: "XQZ", limit: 5 }))).code).toBe("UNKNOWN_CURRENCY");
  });

  it("still lists a currency the operator switched off (the member's history stays theirs)", async () => {
    const operator = await app.user("OPERATOR");
    await operator.api.ops.currencies.create({ code: "XLH", name: "History currency", scale: 3 });
    forgetCurrencies();
    const holder = await app.user("MEMBER");
    await holder.api.wallet.deposit({ currency: "XLH", amount: "1.5", idempotencyKey: key() });
    await operator.api.ops.currencies.setActive({ code: "XLH", active: false });
    forgetCurrencies();
    const lines = await holder.api.wallet.ledger({ currency: "XLH", limit: 5 });
    expect(lines.items.map(shape)).toEqual([["DEPOSIT", "XLH", "AVAILABLE", "1.500", "1.500", "0.000"]]);
  });

  it("pages by entry id: exactly `limit` lines and a cursor while more remain, the rest after it, no cursor at the end", async () => {
    const all = (await member.api.wallet.ledger({ limit: 50 })).items.map((l) => l.id);
    const first = await member.api.wallet.ledger({ limit: 3 });
    expect(first.items.map((l) => l.id)).toEqual(all.slice(0, 3));
    expect(first.nextCursor).toBe(all[2]);
    const second = await member.api.wallet.ledger({ limit: 3, cursor: first.nextCursor });
    expect(second.items.map((l) => l.id)).toEqual(all.slice(3, 6));
    expect(second.nextCursor).toBe(all[5]);
    expect(Number(second.nextCursor)).toBeGreaterThan(9);
    // Two lines left for a page of two: no cursor, since nothing comes after them.
    const last = await member.api.wallet.ledger({ limit: 2, cursor: second.nextCursor });
    expect(last.items.map((l) => l.id)).toEqual(all.slice(6));
    expect(last.nextCursor).toBeNull();
    // The cursor and the currency together: older JPY lines only.
    const jpyAfter = await member.api.wallet.ledger({ currency: "JPY", limit: 50, cursor: all[1] });
    expect(jpyAfter.items.map((l) => [l.currency, l.amount])).toEqual([
      ["JPY", "-200"],
      ["JPY", "500"],
    ]);
  });
});

describe("the member's accounts (wallet.accounts)", () => {
  it("lists one account per currency by code, each at its scale, frozen money counted in the total", async () => {
    const operator = await app.user("OPERATOR");
    const holder = await app.user("MEMBER");
    // Added after the member registered: the first deposit opens the wallet (the job's backfill
    // has not run). No threshold of its own: a withdrawal waits for approval, its amount frozen.
    await operator.api.ops.currencies.create({ code: "AXP", name: "Pending currency", scale: 3 });
    // Added too, and never used by this member: its wallet is not opened by the AXP deposit.
    await operator.api.ops.currencies.create({ code: "AXQ", name: "Unused currency", scale: 2 });
    forgetCurrencies();
    expect(await app.db.account.count({ where: { userId: holder.id, currency: "AXP" } })).toBe(0);
    await holder.api.wallet.deposit({ currency: "AXP", amount: "2", idempotencyKey: key() });
    await holder.api.wallet.deposit({ currency: "USD", amount: "5.00", idempotencyKey: key() });
    await holder.api.wallet.deposit({ currency: "JPY", amount: "40", idempotencyKey: key() });
    expect((await holder.api.wallet.withdraw({ currency: "AXP", amount: "0.5", idempotencyKey: key() })).status).toBe(
      "PENDING",
    );
    const accounts = await holder.api.wallet.accounts();
    expect(accounts.map(({ id: _id, ...a }) => a)).toEqual([
      // Opened last, listed first: by code, not by when it was opened.
      { currency: "AXP", scale: 3, available: "1.500", frozen: "0.500", total: "2.000" },
      // Opened at registration, never used.
      { currency: "CNY", scale: 2, available: "0.00", frozen: "0.00", total: "0.00" },
      { currency: "JPY", scale: 0, available: "40", frozen: "0", total: "40" },
      { currency: "USD", scale: 2, available: "5.00", frozen: "0.00", total: "5.00" },
    ]);
    // Ids are the accounts' own, and no other member's account is listed.
    const own = await app.db.account.findMany({ where: { userId: holder.id, kind: "WALLET" }, select: { id: true } });
    expect(accounts.map((a) => a.id).sort((a, b) => a - b)).toEqual(own.map((a) => a.id).sort((a, b) => a - b));
    const [pending] = await holder.api.wallet.withdrawals();
    expect(pending).toMatchObject({ currency: "AXP", amount: "0.500", status: "PENDING", decidedAt: null });
  });
});

describe("the member's withdrawals (wallet.withdrawals)", () => {
  it("lists their own withdrawals newest first, each amount at its currency's scale", async () => {
    const rows = await member.api.wallet.withdrawals();
    expect(rows.map((w) => [w.id, w.currency, w.amount, w.status, w.reason])).toEqual([
      [ids.jpyWithdrawal, "JPY", "200", "COMPLETED", null],
      [ids.usdWithdrawal, "USD", "3.50", "COMPLETED", null],
    ]);
    expect(rows.every((w) => w.createdAt instanceof Date && w.decidedAt instanceof Date)).toBe(true);
    expect(await (await app.user("MEMBER")).api.wallet.withdrawals()).toEqual([]);
  });
});
