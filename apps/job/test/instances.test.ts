import { snapshotDay } from "@trade/api/jobs";
import { useTestApp } from "@trade/api/testing";
import { describe, expect, it } from "vitest";
import { makeDue, ordersOfBuyers, releasesPerOrder, stockedSku, waitFor } from "./support/fixtures.ts";
import { finishedRuns, runIntervals, runJobProcess, type JobProcess, type LogLine } from "./support/process.ts";

const app = useTestApp();

const SINGLETONS = ["snapshot", "reconcile", "rules"] as const;

/** Order ids a process reports having expired (one "expired due orders" line per batch). */
function expiredBy(run: JobProcess): number[] {
  return run.lines.filter((l) => l.msg === "expired due orders").flatMap((l) => l.orderIds as number[]);
}

const skippedRuns = (lines: LogLine[], task: string) =>
  lines.filter((l) => l.msg === "another instance holds the lock; skipped" && l.task === task).length;

describe("two job instances as two OS processes", () => {
  it("both expire orders (each order once), and singleton runs never overlap across the processes", async () => {
    // Enough members that one snapshot run (one statement per user at batch size 1) lasts a
    // while: the other process then finds the lock taken, which is what the test is about.
    await app().db.$executeRaw`
      INSERT INTO users (email, name, password_hash)
      SELECT 'inst-' || g || '@test.trade', 'Inst ' || g, '!' FROM generate_series(1, 300) g`;
    const { sku } = await stockedSku(app(), { stock: 500, price: "1.00" });
    const ids = await ordersOfBuyers(app(), sku.id, { buyers: 6, orders: 20 });

    const env = {
      LOG_LEVEL: "debug",
      JOB_DB_POOL_SIZE: "4",
      // Small batches, one order at a time: the drain takes long enough for both to join in.
      EXPIRE_INTERVAL_MS: "100",
      EXPIRE_BATCH_SIZE: "3",
      EXPIRE_CONCURRENCY: "1",
      SNAPSHOT_INTERVAL_MS: "100",
      SNAPSHOT_BATCH_SIZE: "1",
      RECONCILE_INTERVAL_MS: "100",
      RULES_INTERVAL_MS: "100",
      BACKFILL_INTERVAL_MS: "60000",
    };
    // Started at the same moment: every task, singletons included, starts at once in both.
    const runs = [runJobProcess(app().url, [], env), runJobProcess(app().url, [], env)];
    try {
      await waitFor(
        async () => runs.every((r) => r.lines.some((l) => l.msg === "job started")),
        30_000,
        "both processes to start",
      );
      await makeDue(app(), ids);
      await waitFor(
        async () => (await app().db.order.count({ where: { id: { in: ids }, status: "EXPIRED" } })) === ids.length,
        20_000,
        "all orders to expire",
      );
      await waitFor(
        async () => runs.every((r) => SINGLETONS.every((task) => finishedRuns(r.lines, task).length > 0)),
        20_000,
        "each singleton task to have run in both processes",
      );
    } finally {
      for (const run of runs) run.child.kill("SIGTERM");
    }
    for (const run of runs) expect(await run.exited, run.stderr()).toBe(0);
    const [first, second] = runs.map((r) => r.lines);
    if (!first || !second) throw new Error("two runs expected");

    // Expiry: both processes did work, disjoint, and together exactly every order.
    const [mineA, mineB] = runs.map(expiredBy);
    expect(mineA?.length).toBeGreaterThan(0);
    expect(mineB?.length).toBeGreaterThan(0);
    const all = [...(mineA ?? []), ...(mineB ?? [])];
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    // One release each: every order expired, none twice.
    expect(await releasesPerOrder(app(), ids)).toEqual(ids.map(() => 1));

    // Singletons: a run in one process never overlaps a run in the other (the advisory lock
    // spans processes). The timestamps are milliseconds, both written after the lock was taken
    // and before it was released; 2 ms allows for rounding.
    for (const task of SINGLETONS) {
      for (const [startA, endA] of runIntervals(first, task))
        for (const [startB, endB] of runIntervals(second, task))
          expect(Math.min(endA, endB) - Math.max(startA, startB), `${task} ran in both processes at once`).toBeLessThan(
            2,
          );
    }
    // The long snapshot run made the other process find the lock taken at least once.
    expect(skippedRuns(first, "snapshot") + skippedRuns(second, "snapshot")).toBeGreaterThan(0);
    // Today's snapshot was written once per member, between the two processes.
    const inserted = [...finishedRuns(first, "snapshot"), ...finishedRuns(second, "snapshot")].reduce(
      (sum, l) => sum + Number(l.inserted),
      0,
    );
    const rows = await app().db.balanceSnapshot.count({ where: { day: new Date(`${snapshotDay()}T00:00:00Z`) } });
    expect(rows).toBeGreaterThanOrEqual(300);
    expect(inserted).toBe(rows);
    await app().assertInvariants();
  });
});
