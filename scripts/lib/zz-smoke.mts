import { ensurePostgres, ensureRedis, ensureTestPostgres } from "./infra.ts";
const t = performance.now();
const pg = await ensurePostgres();
const redis = await ensureRedis({ preferredPort: 63790 });
const tpg = await ensureTestPostgres();
console.log("urls", pg.url, redis?.url, tpg.url, Math.round(performance.now() - t));
const { default: pgm } = await import("pg");
for (const u of [pg.url, tpg.url]) { const c = new pgm.Client({ connectionString: u }); await c.connect(); console.log((await c.query("select current_database(), version()")).rows[0]); await c.end(); }
await new Promise(r => setTimeout(r, 500));
const { execSync } = await import("node:child_process");
console.log(execSync("ps -eo pid,pgid,user,args --forest | grep -E 'postgres -D|redis-server|service-host' | grep -v grep").toString());
await tpg.stop(); await redis?.stop(); await pg.stop();
console.log("stopped", Math.round(performance.now() - t));
console.log(execSync("ps -eo pid,pgid,user,args | grep -E 'postgres -D|redis-server 127.0.0.1:6379[0-9]|service-host' | grep -v grep || true").toString());
