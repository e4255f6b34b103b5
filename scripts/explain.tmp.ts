import pg from "pg";
import { placementSql } from "../packages/api/src/order/place-statement.ts";
const url = `postgresql://postgres@127.0.0.1:5432/${process.argv[2]}`;
const c = new pg.Client({ connectionString: url });
await c.connect();
const buyer = (await c.query("select buyer_id from orders group by buyer_id order by count(*) desc limit 1")).rows[0].buyer_id;
const sku = (await c.query("select id from skus where currency='USD' and stock > 100 limit 1")).rows[0].id;
const sql = placementSql({ buyerId: buyer, idempotencyKey: "explain-x", requestHash: "x", expiresAt: new Date(Date.now()+3e6), demand: [[sku, 1]], maxOpenOrders: 20, maxHeldUnitsPerSku: 20 } as never);
for (const mode of ["force_generic_plan", "auto"]) {
  await c.query("BEGIN");
  await c.query(`SET LOCAL plan_cache_mode = ${mode}`);
  const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
  await c.query("ROLLBACK");
  const lines = r.rows.map((x) => x["QUERY PLAN"] as string);
  console.log(mode, lines.filter((l) => /Seq Scan|Planning Time|Execution Time/.test(l)).join("\n"));
}
// the generic plan proper (prepared)
await c.query("BEGIN"); await c.query("SET LOCAL plan_cache_mode = force_generic_plan");
await c.query({ name: "g1", text: sql.text, values: sql.values });
const t = performance.now(); await c.query({ name: "g1", text: sql.text, values: sql.values }); console.log("generic exec ms", (performance.now()-t).toFixed(1));
await c.query("ROLLBACK");
console.log((await c.query("select count(*) from orders")).rows);
await c.end();
