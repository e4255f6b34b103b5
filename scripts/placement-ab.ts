/**
 * `npx tsx scripts/placement-ab.ts [--ref 90c2dc0] [--skus 20000] [--rounds 2000]`: the order
 * placement statement of an older commit (A) against today's (B), in one run, on one database,
 * over one connection, interleaved (A, B, A, B ...) so machine drift hits both alike. Each
 * placement is one random buyer and one random SKU (the bench's spread load), run as a named
 * prepared statement (as the service runs it) inside BEGIN ... ROLLBACK, so the books never
 * change and every round sees the same data. Prints the mean and median statement time of each,
 * then EXPLAIN ANALYZE of one placement of each (per-CTE times). Needs TEST_PG_URL.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { createDb, type Prisma } from "@trade/db";
import { createTestDatabase } from "@trade/db/testing";
import pg from "pg";
import { PLACEMENT_PLAN_MODE } from "../packages/api/src/order/place-plan.ts";
import { placementSql } from "../packages/api/src/order/place-statement.ts";
import { bootstrapPlatform } from "../packages/api/src/ops/bootstrap.ts";
import { seedLoad } from "../packages/api/src/seed/load.ts";

const { values } = parseArgs({
  options: {
    ref: { type: "string" },
    skus: { type: "string" },
    rounds: { type: "string" },
    explains: { type: "string" },
  },
});
const ref = values.ref ?? "90c2dc0";
const skuCount = Number(values.skus ?? 20_000);
const rounds = Number(values.rounds ?? 2_000);
const explains = Number(values.explains ?? 200);
const root = path.resolve(import.meta.dirname, "..");

/** The older statement's module, copied into the tree (so `@trade/db` resolves) for this run. */
async function olderPlacement(): Promise<
  (p: {
    buyerId: number;
    idempotencyKey: string;
    requestHash: string;
    expiresAt: Date;
    demand: [number, number][];
  }) => Prisma.Sql
> {
  const dir = path.join(root, "packages/api", `.ab-${ref}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "order"), { recursive: true });
  mkdirSync(path.join(dir, "wallet"), { recursive: true });
  const show = (file: string) =>
    execFileSync("git", ["-C", root, "show", `${ref}:packages/api/src/${file}`], { encoding: "utf8" });
  // Relative imports of anything not copied point at today's modules (types and error codes only).
  const rewire = (source: string, from: string) =>
    source.replace(/from "(\.\.?\/[^"]+)"/g, (whole, spec: string) => {
      const target = path.join(path.dirname(from), spec);
      if (target === "wallet/post-journal.ts" || target === "order/place-statement.ts") return whole;
      return `from "${pathToFileURL(path.join(root, "packages/api/src", target)).href}"`;
    });
  for (const file of ["order/place-statement.ts", "wallet/post-journal.ts"])
    writeFileSync(path.join(dir, file), rewire(show(file), file));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const module = (await import(pathToFileURL(path.join(dir, "order/place-statement.ts")).href)) as {
    placementSql: (p: unknown) => Prisma.Sql;
  };
  return module.placementSql;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const database = await createTestDatabase();
const db = createDb({ url: database.url, DB_POOL_SIZE: 2, DB_STATEMENT_TIMEOUT_MS: 600_000 });
const client = new pg.Client({ connectionString: database.url });
try {
  const older = await olderPlacement();
  console.log(`seeding ${skuCount} SKUs, 1000 members ...`);
  await bootstrapPlatform(db);
  await seedLoad(db, { members: 1000, skus: skuCount, stock: 1_000_000 });
  await client.connect();
  await client.query("ANALYZE");
  const buyers = (
    await client.query<{ id: number }>(`SELECT id FROM users WHERE email LIKE 'load-%' AND role = 'MEMBER'`)
  ).rows.map((r) => r.id);
  const skus = (
    await client.query<{ id: number }>(
      `SELECT s.id FROM skus s JOIN currencies c ON c.code = s.currency WHERE c.code = 'USD'`,
    )
  ).rows.map((r) => r.id);
  const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
  const placement = () => ({
    buyerId: pick(buyers),
    idempotencyKey: `ab-${randomUUID()}`,
    requestHash: "ab",
    expiresAt: new Date(Date.now() + 3_600_000),
    demand: [[pick(skus), 1]] as [number, number][],
  });
  const variants: Record<"A" | "B", (p: ReturnType<typeof placement>) => Prisma.Sql> = {
    A: older,
    B: (p) => placementSql({ ...p, maxOpenOrders: 0, maxHeldUnitsPerSku: 0 }),
  };
  type Variant = "A" | "B" | "C" | "D";
  const times: Record<Variant, number[]> = { A: [], B: [], C: [], D: [] };
  // C: today's statement as the service now runs it, its generic plan forced (PLACEMENT_PLAN_MODE,
  // timed too); D: the older statement so, for its execution alone.
  const runOne = async (name: Variant, measure: boolean) => {
    const sql = variants[name === "C" ? "B" : name === "D" ? "A" : name](placement());
    await client.query("BEGIN");
    const started = process.hrtime.bigint();
    if (name === "C" || name === "D") await client.query(PLACEMENT_PLAN_MODE);
    const result = await client.query({ name: `ab_${name}`, text: sql.text, values: sql.values });
    const took = Number(process.hrtime.bigint() - started) / 1e6;
    await client.query("ROLLBACK");
    const row = result.rows[0] as { order_id: number | null } | undefined;
    if (!row?.order_id) throw new Error(`${name}: no order placed (${JSON.stringify(row)})`);
    if (measure) times[name].push(took);
  };
  const order: Variant[][] = [
    ["A", "B", "C", "D"],
    ["D", "A", "B", "C"],
    ["C", "D", "A", "B"],
    ["B", "C", "D", "A"],
  ];
  for (let i = 0; i < 50; i++) for (const name of order[0] ?? []) await runOne(name, false); // past the custom plans
  for (let i = 0; i < rounds; i++) for (const name of order[i % 4] ?? []) await runOne(name, true);
  const label: Record<Variant, string> = {
    A: ref,
    B: "today, as prepared before",
    C: "today, generic plan (the service now)",
    D: `${ref}, generic plan`,
  };
  for (const name of ["A", "B", "C", "D"] as const) {
    const xs = times[name];
    console.log(
      `${name} (${label[name]}): mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)} ms, median ${median(xs).toFixed(3)} ms over ${xs.length}`,
    );
  }
  const plans = await client.query(
    `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name`,
  );
  console.log("prepared plans:", JSON.stringify(plans.rows));
  // Server-side planning and execution time of each (EXPLAIN ANALYZE, a fresh custom plan each
  // time, interleaved), and one plan of each with its per-CTE times.
  const explain = async (name: "A" | "B") => {
    const sql = variants[name](placement());
    await client.query("BEGIN");
    const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    await client.query("ROLLBACK");
    return plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
  };
  const server: Record<"A" | "B", { planning: number[]; execution: number[] }> = {
    A: { planning: [], execution: [] },
    B: { planning: [], execution: [] },
  };
  for (let i = 0; i < explains; i++)
    for (const name of i % 2 ? (["A", "B"] as const) : (["B", "A"] as const)) {
      const text = await explain(name);
      server[name].planning.push(Number(/Planning Time: ([\d.]+)/.exec(text)?.[1]));
      server[name].execution.push(Number(/Execution Time: ([\d.]+)/.exec(text)?.[1]));
    }
  for (const name of ["A", "B"] as const)
    console.log(
      `${name} server side (EXPLAIN ANALYZE, median of ${explains}): planning ${median(server[name].planning).toFixed(3)} ms, execution ${median(server[name].execution).toFixed(3)} ms`,
    );
  for (const name of ["A", "B"] as const) console.log(`\n=== EXPLAIN ANALYZE ${name}\n${await explain(name)}`);
} finally {
  await client.end().catch(() => undefined);
  await db.$disconnect();
  await database.drop();
}
