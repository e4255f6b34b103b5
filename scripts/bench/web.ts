/**
 * The storefront under test: the production build of apps/web (`next build`, then its server.ts,
 * which serves /api/trpc directly and the pages through Next.js).
 * It is built from a copy of apps/web in .data/bench-web (same depth in the repo, so its
 * next.config.ts resolves the monorepo root the same way), so a bench run never rewrites
 * apps/web/.next under a running `npm start` or e2e server, and edits made while it runs do not
 * change the pages measured (the API and its hosting run from packages/api/src and
 * packages/server/src, as in `npm start`). The copy is rebuilt only when the sources changed.
 */
import { childEnv } from "../lib/child-env.ts";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { info, seconds } from "../lib/log.ts";
import { dataDir, repoRoot } from "../lib/paths.ts";
import { freePort } from "../lib/ports.ts";
import { startAppServer } from "../lib/app-server.ts";
import { runStep, type ManagedProcess } from "../lib/processes.ts";

const SOURCE = path.join(repoRoot, "apps/web");
const COPY = path.join(dataDir, "bench-web");
const SKIP = new Set([".next", "node_modules", ".turbo", "e2e", "test-results", "playwright-report"]);
const HASHED = [
  SOURCE,
  path.join(repoRoot, "packages/api/src"),
  path.join(repoRoot, "packages/server/src"),
  path.join(repoRoot, "packages/db/src"),
  path.join(repoRoot, "package-lock.json"),
  path.join(repoRoot, "tsconfig.base.json"),
];

export interface WebServer {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p).sort()) if (!SKIP.has(entry)) visit(path.join(p, entry));
    } else {
      hash.update(path.relative(repoRoot, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  for (const p of HASHED) visit(p);
  return hash.digest("hex");
}

const baseEnv = childEnv;

function nextBin(): string {
  return createRequire(path.join(SOURCE, "package.json")).resolve("next/dist/bin/next");
}

/** `next build` of a fresh copy of apps/web, unless the last build is of the same sources. */
export async function buildWeb(options: { force: boolean }): Promise<{ built: boolean; hash: string }> {
  const hash = sourceHash();
  const stamp = path.join(COPY, ".bench-source-hash");
  if (
    !options.force &&
    existsSync(path.join(COPY, ".next", "BUILD_ID")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8").trim() === hash
  ) {
    info("web: the bench build is up to date with apps/web and packages/*/src (use --rebuild to force)");
    return { built: false, hash };
  }
  const startedAt = performance.now();
  rmSync(COPY, { recursive: true, force: true });
  mkdirSync(COPY, { recursive: true });
  for (const entry of readdirSync(SOURCE)) {
    if (SKIP.has(entry)) continue;
    cpSync(path.join(SOURCE, entry), path.join(COPY, entry), { recursive: true });
  }
  info(`web: next build of apps/web (copied to ${path.relative(repoRoot, COPY)})...`);
  // Like `npm start`'s build: no database or Redis in the build's environment.
  const env = baseEnv();
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const code = await runStep("build", process.execPath, [nextBin(), "build"], {
    cwd: COPY,
    env: { ...env, NODE_ENV: "production" },
    stopSignal: "SIGINT",
  });
  if (code !== 0)
    throw new Error(`next build of apps/web failed (exit code ${code}); the app may be mid-edit: retry later`);
  writeFileSync(stamp, `${hash}\n`);
  info(`web: built in ${seconds(startedAt)}`);
  return { built: true, hash };
}

export async function startWeb(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<WebServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The app's own server (server.ts: Next.js for pages, tRPC mounted directly), as `npm start` runs it.
  const child = startAppServer("web", path.relative(repoRoot, COPY), {
    port,
    host: "127.0.0.1",
    nodeArgs,
    env: { ...baseEnv(), ...env, NODE_ENV: "production", NEXTAUTH_URL: url },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const exited = await Promise.race([
      child.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 250)),
    ]);
    if (exited) throw new Error("the web server exited before it answered");
    try {
      const response = await fetch(`${url}/api/trpc/catalog.currencies`, { signal: AbortSignal.timeout(10_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`the web server did not answer on ${url} within 60 s`);
    }
  }
  info(`web: server.ts (production build) on ${url} (pid ${child.pid})`);
  return { url, process: child, stop: () => child.stop() };
}
