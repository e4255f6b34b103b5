import { useTestApp } from "@trade/api/testing";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  fundedMember,
  makeDue,
  ordersOfBuyers,
  placeOrder,
  releasesPerOrder,
  stockedSku,
  waitFor,
} from "./support/fixtures.ts";
import { runJobProcess } from "./support/process.ts";

const app = useTestApp();

/** Job backends (the app() pool, not the lock connections) waiting for a row or transaction lock. */
async function jobBackendsWaitingOnLocks(): Promise<number> {
  const rows = await app().db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = 'trade-job' AND wait_event_type = 'Lock'`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * A transaction of the test's own, on its own connection, that holds a lock the job will need:
 * the job's work stops there mid-batch (statements run, not committed) until the test lets go.
 */
async function holdLock(sql: string, params: unknown[]): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: app().url });
  // The database is dropped (connections terminated) after the file even if a test failed early.
  client.on("error", () => undefined);
  await client.connect();
  await client.query("BEGIN");
  await client.query(sql, params);
  let released: Promise<void> | undefined;
  const release = () =>
    (released ??= (async () => {
      await client.query("ROLLBACK");
      await client.end();
    })());
  onTestFinished(release);
  return { release };
}

/**
 * `--once <task>` as its own process, SIGKILLed once it has logged a finished batch and its
 * workers are stuck on the test's lock (in the middle of the next batch).
 */
async function killMidBatch(
  task: string,
  batchMessage: string,
  workers: number,
  lock: { release(): Promise<void> },
  env: Record<string, string>,
) {
  const run = runJobProcess(app().url, ["--once", task], {
    LOG_LEVEL: "info",
    // Longer than the test waits, so the stuck statements are still running when the kill comes.
    DB_LOCK_TIMEOUT_MS: "60000",
    DB_STATEMENT_TIMEOUT_MS: "60000",
    ...env,
  });
  await waitFor(
    async () => {
      if (run.child.exitCode !== null) throw new Error(`${task} exited ${run.child.exitCode}: ${run.stderr()}`);
      return run.lines.some((l) => l.msg === batchMessage) && (await jobBackendsWaitingOnLocks()) === workers;
    },
    60_000,
    `${task}: a finished batch, then ${workers} worker(s) waiting on the test's lock`,
  ).catch((error: unknown) => {
    throw new Error(
      `${String(error)}; the process logged ${JSON.stringify(run.lines.slice(-5))}; stderr: ${run.stderr()}`,
    );
  });
  // No handler runs on SIGKILL: the open transactions die with the connections.
  run.child.kill("SIGKILL");
  expect(await run.exited).toBeNull(); // killed by the signal, not exited
  expect(run.child.signalCode).toBe("SIGKILL");
  // A backend waiting on a lock does not read its socket, so PostgreSQL notices the dead client
  // only once the lock is granted (or lock_timeout fires): then the statement's result cannot be
  // sent, the session ends, and its transaction, never committed, rolls back.
  await lock.release();
  await waitFor(
    async () =>
      Number(
        (
          await app().db.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM pg_stat_activity
             WHERE datname = current_database() AND application_name LIKE 'trade-job%'`
        )[0]?.n ?? 0,
      ) === 0,
    10_000,
    "the killed process's connections to close",
  );
  return run;
}

describe("a job process killed with SIGKILL mid-batch", () => {
  it("in expiry: each order fully expired or untouched; the next run expires the rest, once each", async () => {
    const { sku } = await stockedSku(app(), { stock: 1_000, price: "1.00" });
    const early = await ordersOfBuyers(app(), sku.id, { buyers: 3, orders: 5 });
    // The last buyer's orders have the highest ids: the sweep (due time, then id) reaches them last.
    const stuckBuyer = await fundedMember(app(), "100.00");
    const late: number[] = [];
    for (let i = 0; i < 4; i++) late.push((await placeOrder(stuckBuyer, sku.id, 2)).id);
    const ids = [...early, ...late];
    await makeDue(app(), ids);

    // Expiring one of the late orders locks the order row, then the buyer's account: held here.
    const lock = await holdLock(
      `SELECT id FROM accounts WHERE user_id = $1 AND currency = 'USD' AND kind = 'WALLET' FOR UPDATE`,
      [stuckBuyer.id],
    );
    await killMidBatch("expire", "expired due orders", 2, lock, { EXPIRE_BATCH_SIZE: "5", EXPIRE_CONCURRENCY: "2" });
    // Both workers had marked a late order EXPIRED (uncommitted) when the process died: those
    // rolled back. Nothing half-done: every order is EXPIRED with its release journal, or UNPAID
    // with both holds in place (checkInvariants: frozen = open holds, stock_locked = UNPAID
    // quantities, stored balances = their entries, every journal balanced).
    const status = async (orderIds: number[]) =>
      (await app().db.order.findMany({ where: { id: { in: orderIds } }, select: { status: true } })).map(
        (o) => o.status,
      );
    expect(new Set(await status(early))).toEqual(new Set(["EXPIRED"]));
    expect(new Set(await status(late))).toEqual(new Set(["UNPAID"]));
    expect(await app().db.journal.count({ where: { orderId: { in: late }, type: "ORDER_RELEASE" } })).toBe(0);
    const held = await app().db.account.findFirstOrThrow({
      where: { userId: stuckBuyer.id, currency: "USD", kind: "WALLET" },
    });
    expect({ available: held.balance.toFixed(2), frozen: held.frozen.toFixed(2) }).toEqual({
      available: "92.00",
      frozen: "8.00",
    });
    await app().assertInvariants();

    const next = runJobProcess(app().url, ["--once", "expire"], { LOG_LEVEL: "info" });
    expect(await next.exited, next.stderr()).toBe(0);
    expect(next.lines.find((l) => l.msg === "task finished" && l.task === "expire")?.expired).toBe(late.length);
    expect(new Set(await status(ids))).toEqual(new Set(["EXPIRED"]));
    // One release each: every order expired, none twice.
    expect(await releasesPerOrder(app(), ids)).toEqual(ids.map(() => 1));
    const stock = await app().db.sku.findUniqueOrThrow({ where: { id: sku.id } });
    expect({ stock: stock.stock, stockLocked: stock.stockLocked }).toEqual({ stock: 1_000, stockLocked: 0 });
    await app().assertInvariants();
  }, 180_000);

  it("in a backfill: accounts for whole batches of users only; the next run completes it", async () => {
    await app().db.$executeRaw`
      INSERT INTO users (email, name, password_hash)
      SELECT 'crash-' || g || '@test.trade', 'Crash ' || g, '!' FROM generate_series(1, 1000) g`;
    // With their accounts in today's currencies, as registration gives them: EUR is then the
    // only currency the backfill has to do.
    await app().db.$executeRaw`
      INSERT INTO accounts (user_id, currency, kind)
      SELECT u.id, c.code, 'WALLET' FROM users u CROSS JOIN currencies c WHERE u.email LIKE 'crash-%'`;
    const operator = await app().user("OPERATOR");
    await operator.api.ops.currencies.create({ code: "EUR", name: "Euro", scale: 2 });
    const users = await app().db.user.findMany({
      where: { role: { not: "SYSTEM" } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    // An uncommitted EUR account for the 501st user: the batch of users 501-550 waits on it in
    // the middle of its INSERT (49 rows written, none committed).
    const blocker = users[500];
    if (!blocker) throw new Error("not enough users");
    const lock = await holdLock(`INSERT INTO accounts (user_id, currency, kind) VALUES ($1, 'EUR', 'WALLET')`, [
      blocker.id,
    ]);
    await killMidBatch("backfill", "backfilled currency accounts", 1, lock, { BACKFILL_BATCH_SIZE: "50" });
    // Each batch is one statement, committed whole or not at all: the accounts are those of the
    // first n users by id, n a whole number of batches. The 11th batch either died with the
    // connection, or (an autocommit statement waiting on a lock) ran on once the lock was
    // released and committed whole before PostgreSQL noticed the client was gone.
    const eur = await app().db.account.findMany({
      where: { currency: "EUR", kind: "WALLET" },
      select: { userId: true },
      orderBy: { userId: "asc" },
    });
    expect([500, 550]).toContain(eur.length);
    expect(eur.map((a) => a.userId)).toEqual(users.slice(0, eur.length).map((u) => u.id));

    const next = runJobProcess(app().url, ["--once", "backfill"], { LOG_LEVEL: "info", BACKFILL_BATCH_SIZE: "50" });
    expect(await next.exited, next.stderr()).toBe(0);
    expect(next.lines.find((l) => l.msg === "task finished" && l.task === "backfill")).toMatchObject({
      accountsCreated: users.length - eur.length,
      complete: true,
    });
    const perUser = await app().db.account.groupBy({
      by: ["userId"],
      where: { currency: "EUR", kind: "WALLET" },
      _count: { _all: true },
    });
    expect(perUser).toHaveLength(users.length);
    expect(perUser.every((r) => r._count._all === 1)).toBe(true);
    await app().assertInvariants();
  });
});
