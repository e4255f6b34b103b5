/**
 * `npm start`: the whole shop on one machine, from a fresh clone.
 *   PostgreSQL (DATABASE_URL, or embedded with data in .data/pg) -> Redis (REDIS_URL, a private
 *   redis-server, or none) -> migrations -> demo data if there are no users -> build ->
 *   web :3000, admin :3001/admin, job.
 * `npm run dev` (`--dev`): the same with `next dev` and `tsx watch`, no build.
 * Ctrl-C / SIGTERM stops the apps, then Redis, then PostgreSQL. If any app dies, everything
 * stops and the exit code is non-zero.
 */
import { childEnv } from "./lib/child-env.ts";
import { existsSync } from "node:fs";
import path from "node:path";
import { authSecret } from "./lib/auth-secret.ts";
import { countUsers } from "./lib/database.ts";
import { ensurePostgres, ensureRedis, LOCAL_REDIS_PORT } from "./lib/infra.ts";
import { fail, info, paint, seconds, warn } from "./lib/log.ts";
import { binPath, repoRoot } from "./lib/paths.ts";
import { isPortFree } from "./lib/ports.ts";
import { startAppServer } from "./lib/app-server.ts";
import { runStep, spawnManaged, type ManagedProcess } from "./lib/processes.ts";
import { installShutdownHandlers, isShuttingDown, onShutdown, shutdown } from "./lib/shutdown.ts";

const dev = process.argv.includes("--dev");
const WEB_PORT = 3000;
const ADMIN_PORT = 3001;
const WEB_URL = `http://localhost:${WEB_PORT}`;
const ADMIN_URL = `http://localhost:${ADMIN_PORT}/admin`;

// Written by other workspaces; `npm start` tolerates their absence while they are being written,
// but a migration that exists and fails stops everything.
const MIGRATE_SCRIPT = path.join(repoRoot, "packages/db/scripts/migrate.ts");
const SEED_SCRIPT = path.join(repoRoot, "packages/api/scripts/seed.ts");

/** Seeded by `npm run db:seed` (packages/api/scripts/seed.ts); documented in the README. */
const DEMO_PASSWORD = "demo-password-1";
const DEMO_LOGINS = [
  ["member", "demo@trade.test"],
  ["merchant", "merchant1@trade.test, merchant2@trade.test"],
  ["operator", "ops@trade.test"],
] as const;

const baseEnv = childEnv();

async function main(): Promise<void> {
  const startedAt = performance.now();
  installShutdownHandlers({ signalExitCode: () => 0 });
  info(`starting Trade (${dev ? "development" : "production"} mode)`);

  for (const port of [WEB_PORT, ADMIN_PORT]) {
    if (!(await isPortFree(port)))
      throw new Error(`port ${port} is already in use (another \`npm start\` or \`next\` running?)`);
  }

  const postgres = await ensurePostgres();
  onShutdown("PostgreSQL", () => postgres.stop());
  const redis = await ensureRedis({ preferredPort: LOCAL_REDIS_PORT });
  if (redis) onShutdown("Redis", () => redis.stop());
  for (const service of [postgres, redis]) {
    void service?.lost.then((reason) => shutdown(1, `${reason}; stopping everything`));
  }

  const dbEnv: NodeJS.ProcessEnv = { ...baseEnv, DATABASE_URL: postgres.url };
  await migrate(dbEnv);
  const hasDemoData = await seedIfEmpty(dbEnv, postgres.url);
  if (!dev) await build();

  const secret = authSecret();
  const appEnv: NodeJS.ProcessEnv = {
    ...dbEnv,
    NODE_ENV: dev ? "development" : "production",
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret, // next-auth 4 reads this name by default
  };
  if (redis) appEnv.REDIS_URL = redis.url;
  else delete appEnv.REDIS_URL;

  const apps = [
    next("web", "apps/web", WEB_PORT, { ...appEnv, NEXTAUTH_URL: WEB_URL }),
    next("admin", "apps/admin", ADMIN_PORT, { ...appEnv, NEXTAUTH_URL: `${ADMIN_URL}/api/auth` }),
    spawnManaged("job", "npm", ["run", dev ? "dev" : "start", "--silent", "-w", "@trade/job"], {
      cwd: repoRoot,
      env: appEnv,
    }),
  ];
  for (const app of apps) void app.exited.then((status) => appDied(app, status.code, status.signal));

  await Promise.all([
    waitForHttp(`http://127.0.0.1:${WEB_PORT}/`),
    waitForHttp(`http://127.0.0.1:${ADMIN_PORT}/admin`),
  ]);
  if (isShuttingDown()) return;
  printBanner(seconds(startedAt), hasDemoData);
}

async function migrate(env: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(MIGRATE_SCRIPT)) {
    warn(`no migration script yet (${path.relative(repoRoot, MIGRATE_SCRIPT)}); skipping migrations`);
    return;
  }
  const startedAt = performance.now();
  const code = await runStep("migrate", "npm", ["run", "--silent", "db:migrate"], { cwd: repoRoot, env });
  if (code !== 0) throw new Error(`migrations failed (exit code ${code}); nothing was started`);
  info(`migrations applied in ${seconds(startedAt)}`);
}

/** Seeds demo data when the database has no users; returns whether demo data is there now. */
async function seedIfEmpty(env: NodeJS.ProcessEnv, databaseUrl: string): Promise<boolean> {
  const users = await countUsers(databaseUrl);
  if (users > 0) {
    info(`database has ${users} user(s); not seeding`);
    return true;
  }
  if (!existsSync(SEED_SCRIPT)) {
    warn(`no seed script yet (${path.relative(repoRoot, SEED_SCRIPT)}); starting with an empty database`);
    return false;
  }
  const startedAt = performance.now();
  const code = await runStep("seed", "npm", ["run", "--silent", "db:seed"], { cwd: repoRoot, env });
  if (code !== 0) throw new Error(`seeding demo data failed (exit code ${code})`);
  info(`demo data seeded in ${seconds(startedAt)}`);
  return true;
}

async function build(): Promise<void> {
  const startedAt = performance.now();
  info("building web and admin (turbo caches unchanged builds)...");
  // The build must not depend on a database: no DATABASE_URL / REDIS_URL from this script here.
  const code = await runStep(
    "build",
    binPath("turbo"),
    ["run", "build", "--filter=@trade/web", "--filter=@trade/admin", "--output-logs=errors-only"],
    {
      cwd: repoRoot,
      env: baseEnv,
      stopSignal: "SIGINT",
    },
  );
  if (code !== 0) throw new Error(`build failed (exit code ${code})`);
  info(`build finished in ${seconds(startedAt)}`);
}

function next(name: string, appDir: string, port: number, env: NodeJS.ProcessEnv): ManagedProcess {
  return startAppServer(name, appDir, { port, env, dev });
}

function appDied(app: ManagedProcess, code: number | null, signal: NodeJS.Signals | null): void {
  if (isShuttingDown()) return;
  void shutdown(1, `${app.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
}

/** Waits until `url` answers at all (any status): the server is listening and compiled it. */
async function waitForHttp(url: string, timeoutMs = dev ? 180_000 : 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isShuttingDown()) {
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(dev ? 120_000 : 10_000) });
      return;
    } catch {
      if (Date.now() > deadline) {
        warn(`${url} did not answer within ${timeoutMs / 1000} s; still waiting on it`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function printBanner(readyIn: string, hasDemoData: boolean): void {
  const lines = [
    "",
    paint("green", `Trade is running (ready in ${readyIn})`),
    `  Storefront   ${paint("bold", WEB_URL)}`,
    `  Admin        ${paint("bold", ADMIN_URL)}`,
  ];
  if (hasDemoData) {
    lines.push(`  Demo logins (password ${paint("bold", DEMO_PASSWORD)}):`);
    for (const [role, emails] of DEMO_LOGINS) lines.push(`    ${role.padEnd(9)} ${emails}`);
  } else {
    lines.push("  No demo data (the seed script is not there yet).");
  }
  lines.push("  Press Ctrl-C to stop.", "");
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
