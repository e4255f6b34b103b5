/**
 * `npm run db:seed` — idempotent demo data; `npm run db:seed -- --members 100000 --skus 100000`
 * adds bulk load data for the benchmarks.
 */
import { parseArgs } from "node:util";
import { createDb } from "@trade/db";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../src/seed/demo.ts";
import { seedLoad } from "../src/seed/load.ts";

const { values } = parseArgs({
  options: { members: { type: "string" }, skus: { type: "string" }, quiet: { type: "boolean" } },
});
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (npm start sets it; or export it to seed another database).");
  process.exit(1);
}
const db = createDb({ url, DB_POOL_SIZE: 4, DB_STATEMENT_TIMEOUT_MS: 600_000 });
try {
  const started = Date.now();
  await seedDemo(db);
  const members = Number(values.members ?? 0);
  const skus = Number(values.skus ?? 0);
  if (members > 0 || skus > 0) {
    await seedLoad(db, { members, skus });
    console.log(`load data: ${members} members, ${skus} SKUs in ${Date.now() - started} ms`);
  }
  if (!values.quiet) {
    console.log("Demo logins (password for all: %s):", DEMO_PASSWORD);
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(8)} ${u.email}  (${u.name})`);
  }
} finally {
  await db.$disconnect();
}
