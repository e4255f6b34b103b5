import { createInventoryClient } from "@trade/api/inventory";
import { startInventoryService, type TestInventory } from "@trade/inventory/testing";
import { beginGlobalTx, createTestApp, guardInventory, type TestApp } from "@trade/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { key, stockedSku, waitFor } from "./support/fixtures.ts";
import { runJobProcess, type JobProcess } from "./support/process.ts";

// The TCC recovery as it runs in production: the job's `recover` task in two OS processes at once,
// their inventory client built from INVENTORY_URL / SERVICE_TOKEN, against the real inventory service.

let service: TestInventory;
let app: TestApp;
let inventory: ReturnType<typeof guardInventory>;
beforeAll(async () => {
  service = await startInventoryService();
  inventory = guardInventory(createInventoryClient({ urls: [service.url], token: service.token, timeoutMs: 5_000 }), {
    timeoutMs: 5_000,
  });
  app = await createTestApp({ inventory });
});
afterAll(async () => {
  inventory?.close();
  await app?.close();
  await service?.stop();
});

const states = async (ids: string[]) =>
  (
    await app.db.$queryRaw<{ id: string; state: string }[]>`
    SELECT id, state FROM global_transactions WHERE id = ANY(${ids}::text[])`
  ).map((r) => r.state);

describe("the job's recover task", () => {
  it("two instances cancel every Try whose placement crashed before its local transaction, each once, within seconds", async () => {
    const { merchant, sku } = await stockedSku(app, { stock: 30 });
    await inventory.register({ skuId: sku.id, merchantId: merchant.id, stock: 30, actorId: merchant.id });
    const buyer = await app.user("MEMBER");
    // A placement's first two steps (log row committed, Try held), then the process is gone.
    const txIds: string[] = [];
    for (let i = 0; i < 15; i++) {
      const begun = await beginGlobalTx(app.db, {
        buyerId: buyer.id,
        idempotencyKey: key(),
        lines: [{ skuId: sku.id, quantity: 2 }],
        deadlineMs: 60_000,
      });
      if (begun.kind !== "trying") throw new Error("expected a new TRYING row");
      expect(await inventory.tryHold(begun.txId, [{ skuId: sku.id, quantity: 2 }])).toEqual({ ok: true });
      txIds.push(begun.txId);
    }
    expect((await inventory.figures([sku.id])).get(sku.id)).toMatchObject({ stock: 0, stockLocked: 30 });

    const env = {
      INVENTORY_URL: service.url,
      SERVICE_TOKEN: service.token,
      LOG_LEVEL: "info",
      RECOVER_INTERVAL_MS: "200",
      // Generous for a loaded test machine: this test is about claiming and finishing, not timeouts.
      INVENTORY_TIMEOUT_MS: "10000",
    };
    const runs: JobProcess[] = [runJobProcess(app.url, [], env), runJobProcess(app.url, [], env)];
    try {
      await waitFor(async () => runs.every((r) => r.lines.some((l) => l.msg === "job started")), 30_000, "both jobs");
      // Still within their deadline: left alone (the placement might still be running).
      await new Promise((r) => setTimeout(r, 600));
      expect(new Set(await states(txIds))).toEqual(new Set(["TRYING"]));
      // The deadline passes (15 s after the crash, by default).
      await app.db.$executeRaw`UPDATE global_transactions SET deadline = now() WHERE id = ANY(${txIds}::text[])`;
      const started = Date.now();
      await waitFor(async () => (await states(txIds)).every((s) => s === "CANCELLED"), 30_000, "all cancelled");
      // Seconds, not the backoff's minute: 11 s measured for 15 rows on a machine at load average
      // 30 (fresh processes, every call slow); tcc.test.ts times the same recovery in-process.
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      for (const run of runs) run.child.kill("SIGTERM");
    }
    for (const run of runs) expect(await run.exited, run.stderr()).toBe(0);
    const drove = runs.map((r) =>
      r.lines
        .filter((l) => l.msg === "drove unfinished global transactions")
        .reduce((n, l) => n + Number(l.cancelled), 0),
    );
    // Every row once, whichever instance claimed it (SKIP LOCKED).
    expect(drove[0]! + drove[1]!).toBe(15);
    expect((await inventory.figures([sku.id])).get(sku.id)).toMatchObject({ stock: 30, stockLocked: 0 });
  }, 90_000);
});
