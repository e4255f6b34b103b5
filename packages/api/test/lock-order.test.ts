import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@trade/db";
import { createCaller } from "../src/root.ts";
import { createTestApp, type TestApp } from "../src/testing/index.ts";
import { createContext } from "../src/trpc.ts";
import { cashAccountId, walletAccountId } from "../src/wallet/accounts.ts";
import { codeOf, fundedMember, key, stockedSku } from "./support/fixtures.ts";
import { deadlocks, holdRowLock, rowIsLocked, waitForLockWaiters, withOwnPool } from "./support/locks.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ poolSize: 30 });
});
afterAll(async () => {
  await app?.close();
});

/**
 * The global lock order (docs/database.md#locking) checked where it can break: a raw transaction
 * holds the row a service takes LATER in the order; while the service waits for it, every row it
 * takes EARLIER must already be locked by it, and nothing it takes later may be. A service that
 * locked in another order would be found waiting with the earlier row still free.
 */
describe("lock order, observed", () => {
  it("an instant withdrawal locks wallet and cash together, ascending, before moving anything", async () => {
    const member = await fundedMember(app, "50.00");
    const walletId = await walletAccountId(app.db, member.id, "USD");
    const cashId = await cashAccountId(app.db, "USD");
    const [first, second] = [walletId, cashId].sort((a, b) => a - b) as [number, number];
    // Hold the later of the two: the withdrawal must wait for it holding the earlier one only.
    const held = await holdRowLock(app.db, "accounts", second);
    const withdrawal = codeOf(member.api.wallet.withdraw({ currency: "USD", amount: "5.00", idempotencyKey: key() }));
    try {
      await waitForLockWaiters(app.db);
      expect(await rowIsLocked(app.db, "accounts", first)).toBe(true);
    } finally {
      await held.release();
    }
    expect(await withdrawal).toBe("RESOLVED");

    // The deadlock the old order produced: the withdrawal took the wallet (hold), then waited for
    // the cash account that a deposit held while waiting for the wallet. With the cash account
    // held, a withdrawal in flight must not hold the wallet (the deposit could never get it).
    const cash = await holdRowLock(app.db, "accounts", cashId);
    const blocked = codeOf(member.api.wallet.withdraw({ currency: "USD", amount: "5.00", idempotencyKey: key() }));
    try {
      await waitForLockWaiters(app.db);
      if (walletId > cashId) expect(await rowIsLocked(app.db, "accounts", walletId)).toBe(false);
    } finally {
      await cash.release();
    }
    expect(await blocked).toBe("RESOLVED");
    await app.assertInvariants();
  });

  it("placement locks the buyer's account, then the SKUs in ascending id, whatever the line order", async () => {
    const merchant = await app.user("MERCHANT");
    const a = await stockedSku(app, { stock: 10, price: "1.00", merchant });
    const b = await stockedSku(app, { stock: 10, price: "1.00", merchant });
    const [low, high] = [a.sku.id, b.sku.id].sort((x, y) => x - y) as [number, number];
    const buyer = await fundedMember(app, "10.00");
    const accountId = await walletAccountId(app.db, buyer.id, "USD");
    const held = await holdRowLock(app.db, "skus", high);
    const order = codeOf(
      buyer.api.order.place({
        items: [
          { skuId: high, quantity: 1 },
          { skuId: low, quantity: 1 },
        ],
        idempotencyKey: key(),
      }),
    );
    try {
      await waitForLockWaiters(app.db);
      expect(await rowIsLocked(app.db, "accounts", accountId)).toBe(true);
      expect(await rowIsLocked(app.db, "skus", low)).toBe(true);
    } finally {
      await held.release();
    }
    expect(await order).toBe("RESOLVED");
    await app.assertInvariants();
  });

  it("pay locks the order row, then both accounts, then the SKUs", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 10, price: "2.00" });
    const buyer = await fundedMember(app, "10.00");
    const order = await buyer.api.order.place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() });
    const accounts = await Promise.all([
      walletAccountId(app.db, buyer.id, "USD"),
      walletAccountId(app.db, merchant.id, "USD"),
    ]);
    const held = await holdRowLock(app.db, "skus", sku.id);
    const paid = codeOf(buyer.api.order.pay({ orderId: order.id }));
    try {
      await waitForLockWaiters(app.db);
      expect(await rowIsLocked(app.db, "orders", order.id)).toBe(true);
      for (const id of accounts) expect(await rowIsLocked(app.db, "accounts", id)).toBe(true);
    } finally {
      await held.release();
    }
    expect(await paid).toBe("RESOLVED");
    await app.assertInvariants();
  });
});

describe("every money path of the same members at once", () => {
  it("deposits, withdrawals, approvals and orders in parallel: zero deadlocks, zero 5xx", async () => {
    const merchant = await app.user("MERCHANT");
    const { sku } = await stockedSku(app, { stock: 10_000, price: "1.00", merchant });
    const operator = await app.user("OPERATOR");
    const members = await Promise.all(Array.from({ length: 8 }, () => fundedMember(app, "5000.00")));
    // Pending withdrawals for the operator to approve or reject during the run (1000 is the USD threshold).
    const pending = await Promise.all(
      members.map((m) => m.api.wallet.withdraw({ currency: "USD", amount: "1000.00", idempotencyKey: key() })),
    );
    expect(pending.every((w) => w.status === "PENDING")).toBe(true);
    const before = await deadlocks(app.db);

    const codes = await withOwnPool(app, { poolSize: 16 }, async (callerFor) => {
      const ops = callerFor(operator.id);
      const calls: Promise<string>[] = [];
      for (const [i, m] of members.entries()) {
        const api = callerFor(m.id);
        for (let round = 0; round < 6; round++) {
          calls.push(codeOf(api.wallet.deposit({ currency: "USD", amount: "3.00", idempotencyKey: key() })));
          calls.push(codeOf(api.wallet.withdraw({ currency: "USD", amount: "2.00", idempotencyKey: key() })));
          calls.push(
            codeOf(
              api.order
                .place({ items: [{ skuId: sku.id, quantity: 1 }], idempotencyKey: key() })
                .then((o) => (round % 2 ? api.order.pay({ orderId: o.id }) : api.order.cancel({ orderId: o.id }))),
            ),
          );
        }
        const w = pending[i];
        if (w)
          calls.push(codeOf(ops.ops.withdrawals[i % 2 ? "approve" : "reject"]({ withdrawalId: w.id, reason: "test" })));
      }
      return Promise.all(calls);
    });

    const tally = codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
    expect(tally).toEqual({ RESOLVED: codes.length });
    expect(await deadlocks(app.db)).toBe(before);
    await app.assertInvariants();
  }, 120_000);
});

describe("contention that outlasts the retries", () => {
  it("a lock timeout on every attempt ends as BUSY, never INTERNAL, and moves nothing", async () => {
    const member = await fundedMember(app, "20.00");
    const walletId = await walletAccountId(app.db, member.id, "USD");
    const held = await holdRowLock(app.db, "accounts", walletId);
    try {
      // lock_timeout 100 ms: every attempt (TX_MAX_ATTEMPTS) times out on the held wallet.
      const codes = await withOwnPool(app, { poolSize: 4, lockTimeoutMs: 100 }, async (callerFor) => {
        const api = callerFor(member.id);
        return Promise.all([
          codeOf(api.wallet.withdraw({ currency: "USD", amount: "1.00", idempotencyKey: key() })),
          codeOf(api.wallet.deposit({ currency: "USD", amount: "1.00", idempotencyKey: key() })),
        ]);
      });
      expect(codes).toEqual(["BUSY", "BUSY"]);
    } finally {
      await held.release();
    }
    expect((await member.api.wallet.accounts()).find((a) => a.currency === "USD")).toMatchObject({
      available: "20.00",
      frozen: "0.00",
    });
    expect(await app.db.withdrawal.count({ where: { userId: member.id } })).toBe(0);
    await app.assertInvariants();
  });

  it("a placement that cannot get its SKU lock is BUSY too", async () => {
    const { sku } = await stockedSku(app, { stock: 5, price: "1.00" });
    const buyer = await fundedMember(app, "5.00");
    const held = await holdRowLock(app.db, "skus", sku.id);
    try {
      const code = await withOwnPool(app, { poolSize: 2, lockTimeoutMs: 100 }, (callerFor) =>
        codeOf(
          callerFor(buyer.id).order.place({
            items: [{ skuId: sku.id, quantity: 1 }],
            idempotencyKey: `k-${randomUUID()}`,
          }),
        ),
      );
      expect(code).toBe("BUSY");
    } finally {
      await held.release();
    }
    expect(await app.db.order.count({ where: { buyerId: buyer.id } })).toBe(0);
  });

  it("no free database connection (too many clients) is BUSY too, before and inside the transaction", async () => {
    const member = await fundedMember(app, "5.00");
    // A role allowed one connection, held by another client: every connection attempt of the
    // pool under test fails with 53300, as when the server is out of connections.
    const role = `trade_probe_${randomUUID().slice(0, 8)}`;
    // With a password: servers that trust local connections ignore it, the embedded one needs it.
    await app.db.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 1 PASSWORD 'probe-password'`);
    const url = new URL(app.url);
    url.username = role;
    url.password = "probe-password";
    const holderDb = createDb({ url: url.toString(), DB_POOL_SIZE: 1 });
    const limitedDb = createDb({ url: url.toString(), DB_POOL_SIZE: 2 });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const holder = holderDb.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1`;
        connected();
        await released;
      },
      { timeout: 30_000 },
    );
    try {
      // The holder failing to connect at all must fail the test, not leave it waiting.
      await Promise.race([isConnected, holder]);
      const deps = { ...app.deps, db: limitedDb };
      const api = createCaller(() =>
        createContext({
          deps,
          headers: new Headers({ "content-type": "application/json" }),
          sessionUserId: async () => member.id,
        }),
      );
      // Served from the caches up to the transaction (currency, account ids), then runTx retries and gives up:
      expect(await codeOf(api.wallet.deposit({ currency: "USD", amount: "1.00", idempotencyKey: key() }))).toBe("BUSY");
      // A plain read outside any transaction meets the same wall: BUSY from the error middleware.
      expect(await codeOf(api.order.list({ limit: 5 }))).toBe("BUSY");
    } finally {
      release();
      await holder;
      await Promise.all([holderDb.$disconnect(), limitedDb.$disconnect()]);
      await app.db.$executeRawUnsafe(`DROP ROLE ${role}`);
    }
  });
});
