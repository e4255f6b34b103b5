import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, databaseName, dropDatabase } from "@trade/db/migrations";
import pg from "pg";
import { testServerUrl } from "@trade/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { checkInvariants } from "../src/risk/invariants.ts";
import { createTestApp } from "../src/testing/index.ts";
import { key } from "./support/fixtures.ts";
import type { FilledRelease } from "./upgrade/fill-release.ts";
import { checkoutRelease, REPO_ROOT } from "./upgrade/release-checkout.ts";

/**
 * The release this test upgrades from: the last commit of the fourth session (the code that ran
 * before the order limits, hold limits, withdrawal thresholds and flash buckets migrations).
 * Move it forward at each release, to the commit the previous deploy ran; the fill script
 * (upgrade/fill-release.ts) is written against that commit's interface, so check it still runs.
 */
const RELEASE = "90c2dc0c0797bfeb712f5b2ab7d0f3a64bba7ef1";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function migrationsIn(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return new Map(
    await Promise.all(
      names.map(async (n) => [n, await readFile(path.join(dir, n, "migration.sql"), "utf8")] as [string, string]),
    ),
  );
}

/** Everything the upgrade must keep, read with plain SQL (the same query before and after). */
async function books(client: pg.Client) {
  const rows = async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[];
  return {
    accounts: await rows(`SELECT id, user_id, currency, kind, balance::text, frozen::text FROM accounts ORDER BY id`),
    skus: await rows(
      `SELECT id, stock, stock_locked, sold, stock + stock_locked + sold AS total FROM skus ORDER BY id`,
    ),
    orders: await rows(
      `SELECT id, buyer_id, merchant_id, status, currency, total::text, expires_at FROM orders ORDER BY id`,
    ),
    items: await rows(`SELECT id, order_id, sku_id, quantity, unit_price::text, title FROM order_items ORDER BY id`),
    deposits: await rows(`SELECT id, user_id, currency, amount::text FROM deposits ORDER BY id`),
    withdrawals: await rows(`SELECT id, user_id, currency, amount::text, status FROM withdrawals ORDER BY id`),
    journals: await rows(`SELECT id, type, currency FROM journals ORDER BY id`),
    entries: await rows(`SELECT id, account_id, bucket, amount::text FROM ledger_entries ORDER BY id`),
  };
}

/** Accounts whose balance or frozen amount differs from the sum of their ledger entries. */
async function ledgerMismatches(client: pg.Client): Promise<Record<string, unknown>[]> {
  return (
    await client.query<Record<string, unknown>>(`
      SELECT a.id, a.balance::text, a.frozen::text, coalesce(l.available, 0)::text AS available, coalesce(l.held, 0)::text AS held
        FROM accounts a
        LEFT JOIN (SELECT account_id, sum(amount) FILTER (WHERE bucket = 'AVAILABLE') AS available,
                          sum(amount) FILTER (WHERE bucket = 'FROZEN') AS held
                     FROM ledger_entries GROUP BY account_id) l ON l.account_id = a.id
       WHERE a.balance <> coalesce(l.available, 0) OR a.frozen <> coalesce(l.held, 0)`)
  ).rows;
}

/** The release's code fills a database (its own migrations, its own services) in a child process. */
async function fillWithRelease(root: string): Promise<FilledRelease> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules/tsx/dist/cli.mjs"),
      path.join(import.meta.dirname, "upgrade/fill-release.ts"),
      root,
    ],
    // The same server as this process's tests (the release's own lookup might pick another).
    { cwd: root, env: { ...process.env, TEST_PG_URL: await testServerUrl() }, maxBuffer: 16 * 1024 * 1024 },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as FilledRelease;
}

describe("upgrading a database the previous release filled", () => {
  it("the release's data, then today's migrations: nothing lost, the books balance, old orders still pay and cancel", async () => {
    const release = await checkoutRelease(RELEASE);
    cleanup.push(() => release.remove());
    const released = await migrationsIn(path.join(release.root, "packages/db/prisma/migrations"));
    const today = await migrationsIn(DEFAULT_MIGRATIONS_DIR);
    // A shipped migration is never edited or removed: today's folder starts with the release's, byte for byte.
    expect([...today].slice(0, released.size)).toEqual([...released]);
    const newer = [...today.keys()].slice(released.size);
    expect(newer.length, "no migration since the release: move RELEASE forward").toBeGreaterThan(0);

    const filled = await fillWithRelease(release.root);
    const name = databaseName(filled.url);
    cleanup.push(() => dropDatabase(filled.url, name));
    const client = new pg.Client({ connectionString: filled.url });
    await client.connect();
    cleanup.push(() => client.end());
    const before = await books(client);
    expect(before.orders.map((o) => o.status).sort()).toEqual([
      ...Array<string>(3).fill("CANCELLED"),
      ...Array<string>(3).fill("EXPIRED"),
      ...Array<string>(6).fill("PAID"),
      ...Array<string>(3).fill("UNPAID"),
    ]);
    expect(before.withdrawals.map((w) => w.status).sort()).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "PENDING"]);

    // Today's migrations over the release's data: the deploy a release runs.
    expect((await applyMigrations(filled.url)).applied).toEqual(newer);
    expect(await books(client)).toEqual(before);
    expect(await ledgerMismatches(client)).toEqual([]);

    // Today's code on the migrated books.
    const app = await createTestApp({ database: { url: filled.url, name, drop: async () => undefined } });
    cleanup.push(() => app.close());
    expect(await checkInvariants(app.db)).toEqual([]);
    const [toPay, toCancel] = filled.unpaid;
    if (!toPay || !toCancel) throw new Error("the release left fewer than two UNPAID orders");
    const paid = await (await app.callerFor(toPay.buyerId)).order.pay({ orderId: toPay.id });
    expect(paid.status).toBe("PAID");
    const cancelled = await (await app.callerFor(toCancel.buyerId)).order.cancel({ orderId: toCancel.id });
    expect(cancelled.status).toBe("CANCELLED");
    const operator = await app.user("OPERATOR");
    const approved = await operator.api.ops.withdrawals.approve({ withdrawalId: filled.pendingWithdrawal.id });
    expect(approved.status).toBe("COMPLETED");
    // A new order on the release's SKUs, by a release buyer, under today's rules.
    const again = await (
      await app.callerFor(toCancel.buyerId)
    ).order.place({
      items: cancelled.items.map((i) => ({ skuId: i.skuId, quantity: i.quantity })),
      idempotencyKey: key(),
    });
    expect(again.status).toBe("UNPAID");

    const after = await books(client);
    // Each SKU's units only moved between its figures (one order paid: held -> sold; one cancelled
    // then placed again: held -> stock -> held); no unit appeared or vanished.
    expect(after.skus.map((s) => [s.id, s.total])).toEqual(before.skus.map((s) => [s.id, s.total]));
    const heldBefore = before.skus.map((s) => Number(s.stock_locked));
    const heldAfter = after.skus.map((s) => Number(s.stock_locked));
    const paidUnits = paid.items.reduce((n, i) => n + i.quantity, 0);
    expect(heldAfter.reduce((a, b) => a + b, 0)).toBe(heldBefore.reduce((a, b) => a + b, 0) - paidUnits);
    expect(after.orders.find((o) => o.id === toPay.id)?.status).toBe("PAID");
    expect(after.orders.find((o) => o.id === toCancel.id)?.status).toBe("CANCELLED");
    expect(after.items.slice(0, before.items.length)).toEqual(before.items);
    expect(await ledgerMismatches(client)).toEqual([]);
    await app.assertInvariants();
  }, 120_000); // ~30 s alone; a checkout, a Prisma generate and a child process on a busy machine can take twice that
});
