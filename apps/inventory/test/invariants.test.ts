import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInventoryInvariants } from "../src/invariants.ts";
import { newSku, startFixture, txId, type Fixture } from "./fixture.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.stop();
});

describe("checkInventoryInvariants", () => {
  it("holds after a concurrent mix of Try, Confirm, Cancel, adjustments and flash switches", async () => {
    const [a, b, c] = await Promise.all([newSku(f, 30), newSku(f, 30), newSku(f, 30)]);
    const skus = [a, b, c];
    await f.client.setFlashMode({ merchantId: 7, skuId: c, buckets: 4 });
    const pick = () => skus[Math.floor(Math.random() * skus.length)] as number;
    const workers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; i < 15; i++) {
        const tx = txId(`mix${w}`);
        const a = pick();
        const b = pick();
        const lines =
          a === b
            ? [{ skuId: a, quantity: 2 }]
            : [
                { skuId: a, quantity: 1 },
                { skuId: b, quantity: 1 },
              ];
        const tried = await f.client.tryHold(tx, lines);
        if (i % 4 === 0) await f.client.cancel(tx);
        else if (tried.ok && i % 4 === 1) await f.client.confirm(tx);
        else if (tried.ok && i % 4 === 2) await Promise.all([f.client.confirm(tx), f.client.cancel(tx)]);
        if (w === 0 && i % 5 === 0)
          await f.client.adjust({ merchantId: 7, skuId: pick(), delta: 3, reason: "restock", actorId: 1 });
      }
    });
    await Promise.all(workers);
    expect(await checkInventoryInvariants(f.db)).toEqual([]);
  });

  it("names a tampered counter, a stray hold and a negative-looking drift", async () => {
    const sku = await newSku(f, 10);
    const tx = txId();
    expect(await f.client.tryHold(tx, [{ skuId: sku, quantity: 3 }])).toEqual({ ok: true });
    expect(await checkInventoryInvariants(f.db)).toEqual([]);

    await f.db.pool.query("UPDATE skus SET stock = stock + 1 WHERE id = $1", [sku]);
    expect(await checkInventoryInvariants(f.db)).toEqual([
      expect.objectContaining({ rule: "units = movements", skuId: sku }),
    ]);
    await f.db.pool.query("UPDATE skus SET stock = stock - 1 WHERE id = $1", [sku]);

    // Held units whose fence says the branch ended: stock_locked no longer matches TRIED holds.
    await f.db.pool.query("UPDATE tcc_fences SET state = 'CONFIRMED' WHERE tx_id = $1", [tx]);
    expect(await checkInventoryInvariants(f.db)).toEqual([
      expect.objectContaining({ rule: "held = TRIED holds", skuId: sku, detail: { held: 3, holds: 0 } }),
    ]);
    await f.db.pool.query("UPDATE tcc_fences SET state = 'TRIED' WHERE tx_id = $1", [tx]);

    await f.db.pool.query("DELETE FROM tcc_fences WHERE tx_id = $1", [tx]);
    const violations = await checkInventoryInvariants(f.db);
    expect(violations.map((v) => v.rule).sort()).toEqual(["held = TRIED holds", "hold without fence"]);
  });
});
