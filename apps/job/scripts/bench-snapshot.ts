/**
 * Times the daily balance snapshot on a bulk-generated user base, in a scratch database (created
 * from the migrated template and dropped at the end) and, when REDIS_URL is set, the real Redis
 * under the scratch database's key prefix (deleted at the end). Also times the jobs that scan the
 * whole user base: the balance-drift rule, reconciliation and a new-currency backfill.
 *
 *   TEST_PG_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:snapshot -w @trade/job -- [members=100000] [batchSize=5000]
 */
import { randomUUID } from "node:crypto";
import {
  backfillCurrencyAccounts,
  balanceDriftRule,
  reconcile,
  snapshotBalances,
  snapshotDay,
  type SnapshotBatch,
} from "@trade/api/jobs";
import { createTestApp } from "@trade/api/testing";
import { Redis } from "ioredis";

const members = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 5_000);
if (!Number.isInteger(members) || members < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
  console.error("usage: bench-snapshot.ts [members] [batchSize]");
  process.exit(2);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
async function timed<T>(label: string, work: () => Promise<T>, describe: (result: T) => string = () => ""): Promise<T> {
  const startedAt = performance.now();
  const result = await work();
  console.log(`${label}: ${seconds(performance.now() - startedAt)}${describe(result) ? ` (${describe(result)})` : ""}`);
  return result;
}

const app = await createTestApp({ poolSize: 6 });
const prefix = app.deps.redis?.options.keyPrefix ?? "";
try {
  await timed(`generate ${members} members with a funded wallet per currency, ledger included`, async () => {
    // Set-based and consistent with the books: one deposit journal per funded wallet, two hours old.
    // One statement writes both lines of every journal, so each is balanced as it is inserted.
    await app.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SET LOCAL statement_timeout = 0`;
        await tx.$executeRaw`
        INSERT INTO users (email, name, password_hash, created_at)
        SELECT 'bench-' || g || '@bench.trade', 'Bench ' || g, '!', now() - interval '2 hours' FROM generate_series(1, ${members}) g`;
        await tx.$executeRaw`
        INSERT INTO accounts (user_id, currency, kind, balance, created_at, updated_at)
        SELECT u.id, c.code, 'WALLET', round((1 + random() * 1000)::numeric, c.scale), now() - interval '2 hours', now() - interval '2 hours'
          FROM users u CROSS JOIN currencies c WHERE u.role <> 'SYSTEM'`;
        await tx.$executeRaw`
        INSERT INTO journals (id, type, currency, created_at)
        SELECT a.id, 'DEPOSIT', a.currency, now() - interval '2 hours' FROM accounts a WHERE a.kind = 'WALLET'`;
        await tx.$executeRaw`SELECT setval(pg_get_serial_sequence('journals', 'id'), (SELECT max(id) FROM journals))`;
        await tx.$executeRaw`
        WITH w AS (
          SELECT a.id, a.currency, a.balance, cash.id AS cash_id,
                 -sum(a.balance) OVER (PARTITION BY a.currency ORDER BY a.id) AS cash_after
            FROM accounts a JOIN accounts cash ON cash.currency = a.currency AND cash.kind = 'CASH'
           WHERE a.kind = 'WALLET'
        )
        INSERT INTO ledger_entries (journal_id, account_id, currency, bucket, amount, balance_after, frozen_after, created_at)
        SELECT w.id, x.account, w.currency, 'AVAILABLE', x.amount, x.after, 0, now() - interval '2 hours'
          FROM w CROSS JOIN LATERAL (VALUES (w.id, w.balance, w.balance), (w.cash_id, -w.balance, w.cash_after)) AS x(account, amount, after)`;
        await tx.$executeRaw`
        UPDATE accounts cash SET balance = -t.total FROM (SELECT currency, sum(balance) AS total FROM accounts WHERE kind = 'WALLET' GROUP BY currency) t
         WHERE cash.kind = 'CASH' AND cash.currency = t.currency`;
      },
      { timeout: 600_000, maxWait: 10_000 },
    );
    await app.db.$executeRawUnsafe("ANALYZE");
  });

  const day = snapshotDay();
  let sqlMs = 0;
  let redisMs = 0;
  const startedAt = performance.now();
  const result = await snapshotBalances(app.deps, {
    day,
    batchSize,
    onBatch: (b: SnapshotBatch) => {
      sqlMs += b.sqlMs;
      redisMs += b.redisMs;
    },
  });
  const total = performance.now() - startedAt;
  console.log(
    `SNAPSHOT of ${result.members} members (batch ${batchSize}): ${seconds(total)} ` +
      `(${Math.round(result.members / (total / 1000))} members/s; SQL ${seconds(sqlMs)}, Redis ${seconds(redisMs)}; ` +
      `PostgreSQL rows ${result.inserted}, Redis fields ${result.redisWritten}${app.deps.redis ? "" : " — REDIS_URL not set, PostgreSQL only"})`,
  );
  const sample = await app.db.user.findFirstOrThrow({ where: { email: "bench-1@bench.trade" }, select: { id: true } });
  if (app.deps.redis)
    console.log(`  HGET member:${sample.id} ${day} -> ${await app.deps.redis.hget(`member:${sample.id}`, day)}`);
  await timed(
    "snapshot re-run for the same day (nothing missing)",
    () => snapshotBalances(app.deps, { day, batchSize }),
    (r) => `${r.inserted} rows written`,
  );

  // Ordinary activity after the snapshot (1% of members deposit through the real service), and
  // ten balances tampered with behind the ledger's back.
  const active = await app.db.user.findMany({
    where: { email: { startsWith: "bench-" } },
    select: { id: true },
    take: Math.max(1, Math.floor(members / 100)),
    orderBy: { id: "desc" },
  });
  await timed(`${active.length} deposits through the API after the snapshot`, async () => {
    for (let i = 0; i < active.length; i += 16) {
      await Promise.all(
        active.slice(i, i + 16).map(async (u) =>
          (await app.callerFor(u.id)).wallet.deposit({
            currency: "USD",
            amount: "5.00",
            idempotencyKey: randomUUID(),
          }),
        ),
      );
    }
  });
  await app.db
    .$executeRaw`UPDATE accounts SET balance = balance + 1 WHERE id IN (SELECT id FROM accounts WHERE kind = 'WALLET' ORDER BY id LIMIT 10)`;
  await timed(
    `balance-drift rule over ${members} members`,
    () => balanceDriftRule(app.db, { graceSeconds: 60 }, { autoFreeze: false }),
    (r) => `${r.findings} findings, expected 10`,
  );
  await timed(
    "reconciliation (checkInvariants + alerts)",
    () => reconcile(app.db),
    (r) => `${r.violations.length} violations: 10 accounts + ${r.violations.length - 10} currency totals`,
  );

  await app.db.$executeRaw`INSERT INTO currencies (code, name, scale) VALUES ('EUR', 'Euro', 2)`;
  await timed(
    "backfill of a new currency",
    () => backfillCurrencyAccounts(app.db, { batchSize: 5_000 }),
    (r) => `${r.accountsCreated} accounts for ${r.usersScanned} users`,
  );
} finally {
  if (app.deps.redis && prefix && process.env.REDIS_URL) {
    const raw = new Redis(process.env.REDIS_URL);
    let cursor = "0";
    do {
      const [next, keys] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 5_000);
      if (keys.length) await raw.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
    raw.disconnect();
  }
  await app.close();
}
