import { snapshotDay } from "@trade/api/jobs";
import { createTestApp, type TestApp } from "@trade/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autovacuumGaps } from "../src/db-settings.ts";
import { runOnce, startJob } from "../src/job.ts";
import { tryAdvisoryLock } from "../src/singleton-lock.ts";
import { fundedMember, makeDue, placeOrder, stockedSku, testJobEnv, testLogger, waitFor } from "./support/fixtures.ts";
import { runJobProcess, type LogLine } from "./support/process.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

// Advisory locks belong to one database, and pg_locks lists the whole server's: other test files
// (or anyone else sharing TEST_PG_URL's server) hold theirs at the same time, e.g. every order
// placement takes a per-buyer one. Only this file's database is the job's.
const advisoryLocksHeld = async () =>
  Number(
    (
      await app.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_locks
         WHERE locktype = 'advisory' AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
    )[0]?.n ?? 0,
  );

/** Advisory locks of this database held by the job's task-lock connections (singleton-lock.ts). */
const taskLocksHeld = async () =>
  Number(
    (
      await app.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'trade-job-lock:%'
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`
    )[0]?.n ?? 0,
  );

const runMain = (args: string[], env: Record<string, string>, onLine?: (line: LogLine) => void) =>
  runJobProcess(app.url, args, env, onLine);

describe("singleton lock", () => {
  it("is exclusive, released on finish, and released by PostgreSQL when the holder's session dies", async () => {
    const first = await tryAdvisoryLock(app.url, "test-task");
    expect(first).not.toBeNull();
    expect(await tryAdvisoryLock(app.url, "test-task")).toBeNull();
    const otherTask = await tryAdvisoryLock(app.url, "another-task");
    expect(otherTask).not.toBeNull();
    await otherTask!.release();
    await first!.release();

    const again = await tryAdvisoryLock(app.url, "test-task");
    expect(again).not.toBeNull();
    // The holder "dies": its backend is terminated. The lock goes with the session.
    await app.db
      .$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'trade-job-lock:test-task'`;
    await waitFor(async () => again!.lost.aborted, 5_000, "the lost-lock signal");
    const successor = await waitFor(() => tryAdvisoryLock(app.url, "test-task"), 5_000, "the lock to be free");
    await successor.release();
    await again!.release();
    expect(await advisoryLocksHeld()).toBe(0);
  });
});

describe("the job process", () => {
  it("runs the scheduler: expires due orders, snapshots at start, serves /metrics and /health, stops cleanly", async () => {
    const { sku } = await stockedSku(app, { stock: 10 });
    const buyer = await fundedMember(app, "50.00");
    const order = await placeOrder(buyer, sku.id, 2);
    const env = testJobEnv(app, {
      EXPIRE_INTERVAL_MS: "100",
      SNAPSHOT_INTERVAL_MS: "60000",
      RULES_INTERVAL_MS: "500",
      RECONCILE_INTERVAL_MS: "500",
      BACKFILL_INTERVAL_MS: "200",
    });
    const job = await startJob(env, testLogger(), { deps: { db: app.db, redis: app.deps.redis } });
    try {
      // Today's snapshot is taken at start.
      await waitFor(
        () =>
          app.db.balanceSnapshot.findUnique({
            where: { userId_day: { userId: buyer.id, day: new Date(`${snapshotDay()}T00:00:00Z`) } },
          }),
        10_000,
        "the start-up snapshot",
      );
      await makeDue(app, [order.id]);
      await waitFor(
        async () => (await app.db.order.findUniqueOrThrow({ where: { id: order.id } })).status === "EXPIRED",
        5_000,
        "the order to expire",
      );
      const usd = (await buyer.api.wallet.accounts()).find((a) => a.currency === "USD");
      expect(usd).toMatchObject({ available: "50.00", frozen: "0.00" });

      await waitFor(
        async () => job.scheduler.states.reconcile.lastSuccessAt && job.scheduler.states.rules.lastSuccessAt,
        10_000,
        "reconcile and rules to run",
      );
      const metrics = await (await fetch(`http://127.0.0.1:${job.port}/metrics`)).text();
      expect(metrics).toMatch(/^trade_job_orders_expired_total 1$/m);
      for (const task of ["expire", "backfill", "snapshot", "reconcile", "rules"]) {
        expect(metrics).toMatch(
          new RegExp(`^trade_job_task_last_success_timestamp_seconds\\{task="${task}"\\} \\d+`, "m"),
        );
        expect(metrics).toMatch(
          new RegExp(`^trade_job_task_duration_seconds_count\\{task="${task}",outcome="success"\\} \\d+`, "m"),
        );
      }
      expect(metrics).toContain("trade_job_alerts_raised_total");
      expect(metrics).toMatch(/^trade_job_invariant_violations 0$/m);

      const health = await fetch(`http://127.0.0.1:${job.port}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as {
        status: string;
        database: string;
        tasks: Record<string, { runs: number; failures: number }>;
      };
      expect(body).toMatchObject({ status: "ok", database: "ok" });
      expect(Object.keys(body.tasks).sort()).toEqual(["backfill", "expire", "reconcile", "rules", "snapshot"]);
      expect(Object.values(body.tasks).every((t) => t.failures === 0)).toBe(true);
    } finally {
      await job.stop();
    }
    expect(await advisoryLocksHeld()).toBe(0);
    await app.assertInvariants();
  });

  it("works with Redis configured but down: the snapshot goes to PostgreSQL only", async () => {
    const member = await fundedMember(app, "9.00");
    const env = testJobEnv(app, { REDIS_URL: "redis://127.0.0.1:1" });
    expect(await runOnce(env, testLogger(), "all")).toBe(true);
    const row = await app.db.balanceSnapshot.findUnique({
      where: { userId_day: { userId: member.id, day: new Date(`${snapshotDay()}T00:00:00Z`) } },
    });
    expect(row?.balances).toMatchObject({ usd: "9.00" });
  });

  it("`--once all` runs every task and exits 0; an unknown task exits 2", async () => {
    const run = runMain(["--once", "all"], { LOG_LEVEL: "info" });
    expect(await run.exited, run.stderr()).toBe(0);
    const finished = run.lines.filter((l) => l.msg === "task finished").map((l) => l.task);
    expect(finished).toEqual(["backfill", "expire", "snapshot", "reconcile", "rules"]);
    expect(
      run.lines.every((l) => typeof l.time === "string" && typeof l.level === "string" && l.service === "job"),
    ).toBe(true);

    const bad = runMain(["--once", "bogus"], {});
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain("unknown task");
  });

  // Start-up is mostly module loading (tsx, Prisma, the API): measured 3.5 to 13.5 s at load
  // averages of 13 to 17 on the 2-core machine, over 20 s (this wait's old bound, and the only way
  // the test failed under load) at 33 to 36. The shutdown is what is judged here.
  it("shuts down gracefully on SIGTERM (exit 0, locks released)", { timeout: 120_000 }, async () => {
    let started = false;
    const run = runMain([], { LOG_LEVEL: "info", RECONCILE_INTERVAL_MS: "200", RULES_INTERVAL_MS: "200" }, (line) => {
      if (line.msg === "job started") started = true;
    });
    await waitFor(async () => started, 60_000, "the job to start");
    // SIGTERM while a singleton task runs (snapshot, reconcile and rules start within 0.5 s, then
    // every 200 ms), not after a whole reconcile run: its run finishes and its lock goes first.
    await waitFor(taskLocksHeld, 10_000, "a singleton task to hold its lock");
    run.child.kill("SIGTERM");
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.lines.at(-1)?.msg).toBe("job stopped");
    // Started on a server without autovacuum (this machine's), it said so once, as a warning.
    const autovacuumOn = (
      await app.db.$queryRaw<{ on: boolean }[]>`SELECT current_setting('autovacuum') = 'on' AS on`
    )[0]?.on;
    const warned = run.lines.filter((l) => l.level === "warn" && "tablesWithoutAutovacuum" in l);
    expect(warned.map((l) => l.autovacuum)).toEqual(autovacuumOn ? [] : ["off"]);
    expect(await advisoryLocksHeld()).toBe(0);
  });
});

describe("PostgreSQL settings the plans depend on", () => {
  it("names the server's autovacuum and every table that has it switched off", async () => {
    const on = (await app.db.$queryRaw<{ on: boolean }[]>`SELECT current_setting('autovacuum') = 'on' AS on`)[0]?.on;
    expect(await autovacuumGaps(app.db)).toEqual({ server: on, tables: [] });
    await app.db.$executeRaw`ALTER TABLE api_tokens SET (autovacuum_enabled = false)`;
    await app.db.$executeRaw`ALTER TABLE orders SET (autovacuum_enabled = false)`;
    try {
      expect(await autovacuumGaps(app.db)).toEqual({ server: on, tables: ["api_tokens", "orders"] });
    } finally {
      await app.db.$executeRaw`ALTER TABLE api_tokens RESET (autovacuum_enabled)`;
      await app.db.$executeRaw`ALTER TABLE orders RESET (autovacuum_enabled)`;
    }
    expect((await autovacuumGaps(app.db)).tables).toEqual([]);
  });
});
