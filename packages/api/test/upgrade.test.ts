import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, dropDatabase, withDatabaseName } from "@trade/db/migrations";
import { testServerUrl } from "@trade/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { checkInvariants } from "../src/risk/invariants.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";

/**
 * The newest migration of the release this test upgrades from. Everything after it in
 * packages/db/prisma/migrations (this branch's and any merged since) is "today's migrations",
 * applied over a populated database. Move it forward at each release; the data is written by
 * today's services, so it must stay a schema they can still write to (a migration the services
 * depend on, such as a new NOT NULL column they fill, belongs before it).
 */
const BASELINE = "20261126075316_catalogue_price_columns";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function migrationNames(): Promise<string[]> {
  return (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A migrations folder holding only `names`, as the previous release shipped it. */
async function releaseFolder(names: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "trade-release-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const name of names)
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
  return dir;
}

/** Books with something of everything: paid, cancelled, expired-due and open orders, withdrawals. */
async function fillThroughServices(app: TestApp) {
  const { merchant, sku } = await stockedSku(app, { stock: 50, price: "12.50" });
  const jpy = await stockedSku(app, { stock: 20, price: "1500", currency: "JPY", merchant });
  const buyers = await Promise.all(Array.from({ length: 3 }, () => fundedMember(app, "200.00")));
  for (const buyer of buyers) {
    await buyer.api.wallet.deposit({ currency: "JPY", amount: "10000", idempotencyKey: key() });
    const paid = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 2 }], idempotencyKey: key() });
    await buyer.api.order.pay({ orderId: paid.id });
    const cancelled = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await buyer.api.order.cancel({ orderId: cancelled.id });
    await buyer.api.order.place({ items: [{ skuId: jpy.sku.id, quantity: 3 }], idempotencyKey: key() }); // left UNPAID
    await buyer.api.wallet.withdraw({ currency: "USD", amount: "10.00", idempotencyKey: key() });
  }
  return { merchant, sku, jpy: jpy.sku, buyers };
}

describe("upgrading a populated database", () => {
  // Skipped (and counted as skipped) until the fill runs the previous release's own code: today's
  // services read columns and call functions that only today's migrations create (flash buckets,
  // hold limits, withdrawal thresholds), so they cannot write the baseline schema. The plan
  // (docs/testing.md): check out the release's packages from git into a temporary worktree,
  // generate its Prisma client and fill the database with its services, then migrate here.
  it.skip("the previous release's schema with data, then today's migrations: the books still balance and work", async () => {
    const names = await migrationNames();
    const baseline = names.indexOf(BASELINE);
    expect(baseline, `${BASELINE} is no longer in the migrations folder`).toBeGreaterThanOrEqual(0);
    const released = names.slice(0, baseline + 1);
    const today = names.slice(baseline + 1);

    const name = `trade_upgrade_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const url = withDatabaseName(await testServerUrl(), name);
    expect((await applyMigrations(url, { migrationsDir: await releaseFolder(released) })).applied).toEqual(released);
    const app = await createTestApp({ database: { url, name, drop: () => dropDatabase(url, name) } });
    cleanup.push(() => app.close());
    const filled = await fillThroughServices(app);
    await app.assertInvariants();
    const before = {
      orders: await app.db.order.count(),
      journals: await app.db.journal.count(),
      entries: await app.db.ledgerEntry.count(),
    };

    // Today's migrations, over the data: the same deploy the release runs.
    expect((await applyMigrations(url)).applied).toEqual(today);
    expect(await checkInvariants(app.db)).toEqual([]);
    expect({
      orders: await app.db.order.count(),
      journals: await app.db.journal.count(),
      entries: await app.db.ledgerEntry.count(),
    }).toEqual(before);

    // The migrated books keep working: an open order is paid, a new one refused when unaffordable.
    const [buyer] = filled.buyers;
    if (!buyer) throw new Error("no buyer");
    const open = await app.db.order.findFirstOrThrow({ where: { buyerId: buyer.id, status: "UNPAID" } });
    expect((await buyer.api.order.pay({ orderId: open.id })).status).toBe("PAID");
    expect(
      await codeOf(buyer.api.order.place({ items: [{ skuId: filled.sku.id, quantity: 40 }], idempotencyKey: key() })),
    ).toBe("INSUFFICIENT_FUNDS");
    const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
    expect(usd).toMatchObject({ available: "165.00", frozen: "0.00" });
    await app.assertInvariants();
  });
});
