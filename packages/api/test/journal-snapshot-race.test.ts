import { Prisma } from "@trade/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleStockHold } from "../src/inventory/settle.ts";
import { Money } from "../src/money/server.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { walletAccountId } from "../src/wallet/accounts.ts";
import { postJournal } from "../src/wallet/post-journal.ts";
import { fundedMember, key, stockedSku } from "./support/fixtures.ts";

// Found by the cluster's chaos test (docs/scaling.md): a placement whose funds were released by
// another transaction AFTER the placement statement's snapshot and BEFORE it locked the wallet.
// The funds check ran on the locked (current) row and passed, but the journal's UPDATE filtered
// the row on its snapshot version (not enough funds yet), so the order was inserted without
// its journal and the statement's completeness guard divided by zero: a 500 for a buyer who
// could pay. The guard of the UPDATE must read the locked row.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function waitUntilBlocked(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows = await app.db.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::int AS n FROM pg_stat_activity
                  WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the placement never waited for the wallet lock");
}

describe("a placement racing a release of the buyer's own funds", () => {
  it("places the order when the funds are released after its snapshot but before its lock", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "10.00" });
    const member = await fundedMember(app, "10.00");
    const first = await member.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    // All 10.00 are now frozen by `first`. A transaction holds the wallet and cancels `first`
    // (as the buyer's cancel or the expiry job would) while the second placement starts.
    let commit = () => undefined as void;
    const commitNow = new Promise<void>((resolve) => (commit = resolve));
    const cancelled = app.db.$transaction(async (tx) => {
      const accountId = await walletAccountId(tx, member.id, "USD");
      await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId} FOR NO KEY UPDATE`;
      await tx.$executeRaw`UPDATE orders SET status = 'CANCELLED', cancelled_at = now() WHERE id = ${first.id}`;
      await postJournal(tx, {
        type: "ORDER_RELEASE",
        currency: "USD",
        orderId: first.id,
        lines: [
          { accountId, bucket: "FROZEN", amount: new Money("-10.00") },
          { accountId, bucket: "AVAILABLE", amount: new Money("10.00") },
        ],
      });
      await settleStockHold(tx, first.id, "release");
      await commitNow;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = member.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    await waitUntilBlocked();
    commit();
    await cancelled;
    const placed = await second;
    expect(placed.status).toBe("UNPAID");
    expect((await member.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "0.00",
      frozen: "10.00",
    });
    await app.assertInvariants();
  });
});
