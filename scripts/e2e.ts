/**
 * `npm run test:e2e`: the Playwright suites (playwright.config.ts: apps/web/e2e, apps/admin/e2e)
 * against production builds and a database of their own:
 *   1. a fresh database on the test PostgreSQL server: TEST_PG_URL, else DATABASE_URL's server,
 *      else postgresql://postgres@127.0.0.1:5432 if it answers, else a throwaway embedded one;
 *   2. migrations (`npm run db:migrate`), then the demo data (`npm run db:seed`: the tests use its merchant);
 *   3. `turbo run build` for web and admin (cached when unchanged; E2E_SKIP_BUILD=1 skips it);
 *   4. `next start` for web (:3000) and admin (:3001/admin), and the job, with that database
 *      (other free ports when those are taken);
 *   5. `playwright test` (arguments after `--` go to it), then everything is stopped and the
 *      database dropped. The exit code is Playwright's.
 * Browser: CHROMIUM_PATH, else Playwright's own Chromium, else chromium / chromium-browser /
 * google-chrome on PATH; with none, Debian's is installed when running as root on Debian, else
 * the script stops at once saying what to install (scripts/lib/browser.ts).
 * E2E_APPS=web limits the servers and projects to the storefront (while admin has no e2e specs,
 * or to iterate faster).
 */
import { ensureBrowser } from "./lib/browser.ts";
import { childEnv } from "./lib/child-env.ts";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ensureRedis, ensureTestPostgres } from "./lib/infra.ts";
import { fail, info, redactUrl, seconds, warn } from "./lib/log.ts";
import { binPath, repoRoot } from "./lib/paths.ts";
import { freePort, isPortFree, waitForTcp } from "./lib/ports.ts";
import { startAppServer } from "./lib/app-server.ts";
import { runStep, spawnManaged, type ManagedProcess } from "./lib/processes.ts";
import { installShutdownHandlers, isShuttingDown, onShutdown, shutdown } from "./lib/shutdown.ts";

const DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres";
const apps = new Set(
  (process.env.E2E_APPS ?? "web,admin")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean),
);

const baseEnv = childEnv();

async function main(): Promise<never> {
  const startedAt = performance.now();
  installShutdownHandlers({ signalExitCode: (signal) => (signal === "SIGINT" ? 130 : 143) });
  // First: without a browser nothing else is worth starting.
  const browser = ensureBrowser(info);
  info(`e2e: browser ${browser.path} (${browser.source})`);

  const server = await postgresServer();
  const database = `trade_e2e_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const databaseUrl = withDatabaseName(server, database);
  await adminQuery(server, `CREATE DATABASE "${database}"`);
  onShutdown("e2e database", () => adminQuery(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  info(`e2e: database ${database} on ${redactUrl(server)}`);
  // `db:migrate` is packages/db's applyMigrations (the WASM schema engine), in its own process.
  if (
    (await runStep("migrate", "npm", ["run", "--silent", "db:migrate"], {
      cwd: repoRoot,
      env: { ...baseEnv, DATABASE_URL: databaseUrl },
    })) !== 0
  ) {
    throw new Error("migrating the e2e database failed");
  }
  if (
    (await runStep("seed", "npm", ["run", "--silent", "db:seed", "--", "--quiet"], {
      cwd: repoRoot,
      env: { ...baseEnv, DATABASE_URL: databaseUrl },
    })) !== 0
  ) {
    throw new Error("seeding the e2e database failed");
  }

  const redis = await ensureRedis();
  if (redis) onShutdown("Redis", () => redis.stop());

  if (process.env.E2E_SKIP_BUILD === "1") warn("e2e: E2E_SKIP_BUILD=1, using the existing builds");
  else await build();

  const webPort = await portNear(3000);
  const adminPort = await portNear(3001);
  const webUrl = `http://localhost:${webPort}`;
  const adminUrl = `http://localhost:${adminPort}/admin`;
  const secret = randomBytes(32).toString("base64url");
  const appEnv: NodeJS.ProcessEnv = {
    ...baseEnv,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret,
    JOB_HTTP_PORT: "0",
    // The browser tests play the proxy in front: each sends its own X-Forwarded-For client
    // address from loopback, so tests do not share one rate-limit bucket.
    TRUSTED_PROXIES: "127.0.0.1/32,::1/128",
  };
  if (redis) appEnv.REDIS_URL = redis.url;
  else delete appEnv.REDIS_URL;

  const servers: ManagedProcess[] = [nextStart("web", "apps/web", webPort, { ...appEnv, NEXTAUTH_URL: webUrl })];
  if (apps.has("admin"))
    servers.push(nextStart("admin", "apps/admin", adminPort, { ...appEnv, NEXTAUTH_URL: `${adminUrl}/api/auth` }));
  servers.push(
    spawnManaged("job", "npm", ["run", "start", "--silent", "-w", "@trade/job"], {
      cwd: repoRoot,
      env: { ...appEnv, LOG_LEVEL: "warn" },
    }),
  );
  for (const child of servers) {
    void child.exited.then((status) => {
      if (!isShuttingDown())
        void shutdown(
          1,
          `e2e: ${child.name} exited unexpectedly (${status.signal ?? `code ${status.code}`}); stopping`,
        );
    });
  }
  await waitForHttp(`${webUrl}/api/health`);
  if (apps.has("admin")) await waitForHttp(adminUrl);
  info(
    `e2e: servers ready after ${seconds(startedAt)} (web ${webUrl}${apps.has("admin") ? `, admin ${adminUrl}` : ""})`,
  );

  const cli = createRequire(path.join(repoRoot, "package.json")).resolve("@playwright/test/cli");
  const projects = apps.has("admin") ? [] : ["--project=web", "--project=web-mobile"];
  const testsStartedAt = performance.now();
  const code = await runStep("playwright", process.execPath, [cli, "test", ...projects, ...process.argv.slice(2)], {
    cwd: repoRoot,
    // E2E_DATABASE_URL: for the few writes no API offers (apps/web/e2e/support/database.ts).
    env: {
      ...baseEnv,
      E2E_WEB_URL: webUrl,
      E2E_ADMIN_URL: adminUrl,
      E2E_DATABASE_URL: databaseUrl,
      CHROMIUM_PATH: browser.path,
    },
    prefix: false,
    stopSignal: "SIGINT",
  });
  info(
    `e2e: Playwright ${code === 0 ? "passed" : `failed (exit code ${code})`} in ${seconds(testsStartedAt)}; ${seconds(startedAt)} in all`,
  );
  return shutdown(code);
}

/** The same server and credentials, another database. */
function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** One statement on the server's `postgres` database (CREATE / DROP DATABASE). */
async function adminQuery(server: string, sql: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({
    connectionString: withDatabaseName(server, "postgres"),
    connectionTimeoutMillis: 10_000,
  });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server for the e2e database (a URL naming any database on it). */
async function postgresServer(): Promise<string> {
  const fromEnv = process.env.TEST_PG_URL?.trim() || process.env.DATABASE_URL?.trim();
  if (fromEnv) return withDatabaseName(fromEnv, "postgres");
  try {
    await waitForTcp("127.0.0.1", 5432, 1_000);
    return DEFAULT_PG;
  } catch {
    info("e2e: no PostgreSQL configured or on 127.0.0.1:5432; starting a throwaway embedded one");
    const embedded = await ensureTestPostgres();
    onShutdown("PostgreSQL", () => embedded.stop());
    return embedded.url;
  }
}

async function build(): Promise<void> {
  const startedAt = performance.now();
  const filters = [...apps].map((app) => `--filter=@trade/${app}`);
  info(`e2e: building ${[...apps].join(" and ")} (turbo caches unchanged builds)...`);
  // The build must not depend on a database: no DATABASE_URL / REDIS_URL here.
  const env = { ...baseEnv };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const code = await runStep("build", binPath("turbo"), ["run", "build", ...filters, "--output-logs=errors-only"], {
    cwd: repoRoot,
    env,
    stopSignal: "SIGINT",
  });
  if (code !== 0) throw new Error(`build failed (exit code ${code})`);
  info(`e2e: build finished in ${seconds(startedAt)}`);
}

async function portNear(preferred: number): Promise<number> {
  if (await isPortFree(preferred)) return preferred;
  const port = await freePort();
  warn(`e2e: port ${preferred} is taken; using ${port}`);
  return port;
}

function nextStart(name: string, appDir: string, port: number, env: NodeJS.ProcessEnv): ManagedProcess {
  const cwd = path.join(repoRoot, appDir);
  if (!existsSync(path.join(cwd, ".next", "BUILD_ID")))
    throw new Error(`${appDir} has no production build (.next/BUILD_ID); run without E2E_SKIP_BUILD`);
  return startAppServer(name, appDir, { port, env });
}

/** Waits until `url` answers (any status below 500). */
async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isShuttingDown()) return;
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
