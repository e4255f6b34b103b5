import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInventoryInvariants } from "../src/invariants.ts";
import { cancel, tryHold, trySql } from "../src/tcc.ts";
import { fenceOf, figuresOf, holdsOf, newSku, startFixture, txId, type Fixture } from "./fixture.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.stop();
});

describe("Try / Confirm / Cancel fences (real service, real database)", () => {
  it("Try holds once, a repeated Try holds nothing more, Confirm consumes once", async () => {
    const sku = await newSku(f, 10);
    const tx = txId();
    expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 3 }])).toEqual({ ok: true });
    expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 3 }])).toEqual({ ok: true });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 7, stockLocked: 3, sold: 0 });
    expect(await fenceOf(f, tx)).toBe("TRIED");
    expect(await f.client.confirm(tx)).toEqual({ ok: true });
    expect(await f.client.confirm(tx)).toEqual({ ok: true });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 7, stockLocked: 0, sold: 3 });
    expect(await fenceOf(f, tx)).toBe("CONFIRMED");
    // The branch ended one way: a Cancel now is refused, a Try answers as the first did and holds nothing.
    expect(await f.client.cancel(tx)).toEqual({ ok: false, code: "CONFIRMED" });
    expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 3 }])).toEqual({ ok: true });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 7, stockLocked: 0, sold: 3 });
  });

  it("Cancel releases once; Confirm after Cancel is refused", async () => {
    const sku = await newSku(f, 5);
    const tx = txId();
    expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 5 }])).toEqual({ ok: true });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 0, stockLocked: 5 });
    expect(await f.client.cancel(tx)).toEqual({ ok: true });
    expect(await f.client.cancel(tx)).toEqual({ ok: true });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 5, stockLocked: 0, sold: 0 });
    expect(await f.client.confirm(tx)).toEqual({ ok: false, code: "CANCELLED" });
    expect(await fenceOf(f, tx)).toBe("CANCELLED");
  });

  it("empty rollback: a Cancel with no Try records CANCELLED and succeeds; Confirm with no Try is NOT_TRIED", async () => {
    const tx = txId();
    expect(await f.client.confirm(tx)).toEqual({ ok: false, code: "NOT_TRIED" });
    expect(await fenceOf(f, tx)).toBeNull();
    expect(await f.client.cancel(tx)).toEqual({ ok: true });
    expect(await fenceOf(f, tx)).toBe("CANCELLED");
    expect(await holdsOf(f, tx)).toBe(0);
  });

  it("no suspension: a Try after its Cancel is refused and holds nothing", async () => {
    const sku = await newSku(f, 4);
    const tx = txId();
    expect(await f.client.cancel(tx)).toEqual({ ok: true });
    expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 2 }])).toEqual({ ok: false, code: "CANCELLED" });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 4, stockLocked: 0 });
    expect(await holdsOf(f, tx)).toBe(0);
    expect(await fenceOf(f, tx)).toBe("CANCELLED");
  });

  it("a refused Try (OUT_OF_STOCK) writes nothing, not even its fence; a later Try of the same txId may hold", async () => {
    const a = await newSku(f, 3);
    const b = await newSku(f, 1);
    const tx = txId();
    expect(
      await f.client.tryHold(tx, [
        { skuId: a, quantity: 2 },
        { skuId: b, quantity: 2 },
      ]),
    ).toEqual({ ok: false, code: "OUT_OF_STOCK", skuId: b, available: 1 });
    expect(await fenceOf(f, tx)).toBeNull();
    expect(await holdsOf(f, tx)).toBe(0);
    expect(await figuresOf(f, a)).toMatchObject({ stock: 3, stockLocked: 0 });
    expect(
      await f.client.tryHold(tx, [
        { skuId: a, quantity: 2 },
        { skuId: b, quantity: 1 },
      ]),
    ).toEqual({ ok: true });
    expect(await figuresOf(f, a)).toMatchObject({ stock: 1, stockLocked: 2 });
    expect(await figuresOf(f, b)).toMatchObject({ stock: 0, stockLocked: 1 });
    expect(await f.client.cancel(tx)).toEqual({ ok: true });
    expect(await figuresOf(f, b)).toMatchObject({ stock: 1, stockLocked: 0 });
  });

  it("an unknown SKU is NOT_FOUND (a DomainError through the client) and holds nothing", async () => {
    const sku = await newSku(f, 3);
    const tx = txId();
    await expect(
      f.client.tryHold(tx, [
        { skuId: sku, quantity: 1 },
        { skuId: 999_999, quantity: 1 },
      ]),
    ).rejects.toMatchObject({ name: "DomainError", code: "NOT_FOUND" });
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 3, stockLocked: 0 });
    expect(await fenceOf(f, tx)).toBeNull();
  });

  it("Try and Cancel of one txId racing (many rounds) never leave a hold without a TRIED fence", async () => {
    const sku = await newSku(f, 1_000);
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 60; round++) {
      const tx = txId("race");
      const [tried, cancelled] = await Promise.all([
        f.client.tryHold(tx, [{ skuId: sku, quantity: 2 }]),
        // Half the rounds give the Try a head start, so both orders of arrival happen.
        new Promise((r) => setTimeout(r, round % 2 === 0 ? 0 : Math.random() * 3)).then(() => f.client.cancel(tx)),
      ]);
      expect(cancelled).toEqual({ ok: true });
      const key = tried.ok ? "tried-then-cancelled" : tried.code;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      // Whichever came first, the Cancel ended the branch: CANCELLED, nothing held.
      expect(await fenceOf(f, tx)).toBe("CANCELLED");
      // A late Try (a retry after the race) holds nothing either.
      expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 2 }])).toEqual({ ok: false, code: "CANCELLED" });
    }
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 1_000, stockLocked: 0, sold: 0 });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
    // Both orders of arrival were exercised (reported for the record; the assertions above hold for each).
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(60);
  });

  it("Confirm racing Cancel of a tried txId (many rounds): exactly one wins, the units are sold or back, never both", async () => {
    const sku = await newSku(f, 100);
    let confirmed = 0;
    for (let round = 0; round < 40; round++) {
      const tx = txId("settle");
      expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 1 }])).toEqual({ ok: true });
      const [c, x] = await Promise.all([f.client.confirm(tx), f.client.cancel(tx)]);
      // One answered ok, the other that the branch already ended the other way.
      expect([c, x].filter((r) => r.ok)).toHaveLength(1);
      if (c.ok) {
        confirmed++;
        expect(x).toEqual({ ok: false, code: "CONFIRMED" });
        expect(await fenceOf(f, tx)).toBe("CONFIRMED");
      } else {
        expect(c).toEqual({ ok: false, code: "CANCELLED" });
        expect(await fenceOf(f, tx)).toBe("CANCELLED");
      }
    }
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 100 - confirmed, stockLocked: 0, sold: confirmed });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });

  it("the Try runs its generic plan on the service's connections, never re-planned per call", async () => {
    // Sequential calls on f.db (the service's pool settings) reuse one connection, whose
    // prepared statements pg_prepared_statements lists. Without plan_cache_mode=force_generic_plan
    // PostgreSQL chose a custom plan for every Try (db.ts).
    const sku = await newSku(f, 100);
    for (let i = 0; i < 8; i++) {
      const tx = txId();
      expect(await tryHold(f.db, tx, [{ skuId: sku, quantity: 1 }])).toEqual({ ok: true });
      expect(await cancel(f.db, tx)).toEqual({ ok: true });
    }
    const client = await f.db.pool.connect();
    try {
      const { rows } = await client.query<{ generic: string; custom: string }>(
        `SELECT generic_plans::text AS generic, custom_plans::text AS custom FROM pg_prepared_statements
          WHERE statement LIKE '%INSERT INTO tcc_fences%' AND statement LIKE '%TRIED%'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.reduce((n, r) => n + Number(r.generic), 0)).toBeGreaterThanOrEqual(8);
      expect(rows.reduce((n, r) => n + Number(r.custom), 0)).toBe(0);
    } finally {
      client.release();
    }
  });

  it("the Try reads every table by a key on the service's connections, whatever the statistics say", async () => {
    const sku = await newSku(f, 10);
    const client = await f.db.pool.connect();
    try {
      // Statistics of small tables, as when a connection's generic plan is made on a new
      // service: a sequential scan is then the cheapest plan of each, and the plan is kept for
      // the connection's life while the tables grow (db.ts: enable_seqscan=off).
      await client.query("ANALYZE");
      const sql = trySql(txId(), [[sku, 1]], false);
      const { rows } = await client.query<{ "QUERY PLAN": string }>({
        text: `EXPLAIN ${sql.text}`,
        values: sql.values,
      });
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan).toMatch(/Index (Only )?Scan/);
      expect(plan.match(/Seq Scan on \w+/g) ?? []).toEqual([]);
    } finally {
      client.release();
    }
  });

  it("concurrent Trys on one SKU with stock S hold exactly S units", async () => {
    const stock = 25;
    const sku = await newSku(f, stock);
    const results = await Promise.all(
      Array.from({ length: 60 }, () => f.client.tryHold(txId("hot"), [{ skuId: sku, quantity: 1 }])),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(stock);
    expect(results.filter((r) => !r.ok && r.code === "OUT_OF_STOCK")).toHaveLength(60 - stock);
    expect(await figuresOf(f, sku)).toMatchObject({ stock: 0, stockLocked: stock });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });

  it("multi-SKU Trys in any line order, with Confirms and Cancels, at once: zero deadlocks (lock order)", async () => {
    const skus = [await newSku(f, 500), await newSku(f, 500), await newSku(f, 500)];
    const deadlocks = async () =>
      (
        await f.db.pool.query<{ n: number }>(
          "SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()",
        )
      ).rows[0]?.n ?? 0;
    const before = await deadlocks();
    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 12; i++) {
        const tx = txId(`lock${w}`);
        const lines = [...skus].sort(() => Math.random() - 0.5).map((skuId) => ({ skuId, quantity: 1 }));
        expect(await f.client.tryHold(tx, lines)).toEqual({ ok: true });
        await (i % 2 === 0 ? f.client.confirm(tx) : f.client.cancel(tx));
      }
    });
    await Promise.all(workers);
    // pg_stat_database is updated when a backend reports; give it a moment.
    await new Promise((r) => setTimeout(r, 600));
    expect(await deadlocks()).toBe(before);
    for (const sku of skus)
      expect(await figuresOf(f, sku)).toMatchObject({ stock: 500 - 48, stockLocked: 0, sold: 48 });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });
});
