import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NO_BROWSER } from "../lib/browser.ts";
import { closedAncestor } from "../lib/postgres-data-dir.ts";

/**
 * The browser lookup of `npm test`, in a child process whose PATH and environment stand in for
 * a machine without Chromium (this machine's own is hidden, not uninstalled). Stubs are shell
 * scripts on that PATH: a fake `chromium`, and a fake `apt-get` that "installs" one.
 */
const repoRoot = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "trade-browser-test-"));
chmodSync(scratch, 0o755); // the non-root case runs as `nobody`
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function dir(name: string): string {
  const d = path.join(scratch, name);
  spawnSync("mkdir", ["-p", d]);
  chmodSync(d, 0o777);
  return d;
}

function stub(file: string, body: string): string {
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

interface Lookup {
  path?: string;
  source?: string;
  error?: string;
}

/** Runs ensureBrowser in a fresh process with exactly `env` (plus HOME), optionally as another user. */
function lookup(env: Record<string, string>, uid?: number): Lookup {
  const code = `import("./scripts/lib/browser.ts").then((m) => {
    try { console.log(JSON.stringify(m.ensureBrowser(() => undefined))); }
    catch (e) { console.log(JSON.stringify({ error: e.message })); }
  });`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", code], {
    cwd: repoRoot,
    env: { HOME: scratch, PLAYWRIGHT_BROWSERS_PATH: dir("no-playwright-browsers"), ...env },
    encoding: "utf8",
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  if (!last.startsWith("{")) throw new Error(`lookup printed no result: ${result.stdout}${result.stderr}`);
  return JSON.parse(last) as Lookup;
}

const emptyPath = dir("empty-bin");

describe("finding a browser for the Playwright suites", () => {
  it("takes CHROMIUM_PATH first, and refuses one that is not an executable", () => {
    const chrome = stub(path.join(dir("custom"), "my-chrome"), "exit 0");
    expect(lookup({ PATH: emptyPath, CHROMIUM_PATH: chrome })).toEqual({ path: chrome, source: "CHROMIUM_PATH" });
    expect(lookup({ PATH: emptyPath, CHROMIUM_PATH: "/nowhere/chrome" }).error).toMatch(
      /CHROMIUM_PATH is \/nowhere\/chrome/,
    );
  });

  it("finds chromium-browser or google-chrome on PATH", () => {
    const bin = dir("path-bin");
    const chrome = stub(path.join(bin, "google-chrome"), "exit 0");
    expect(lookup({ PATH: `${emptyPath}:${bin}` })).toEqual({ path: chrome, source: "google-chrome on PATH" });
  });

  // Runs the repo's own lookup as `nobody`, which needs to read the clone: in a private clone
  // (root's home) it cannot, so the case is skipped there (and counted as skipped).
  it.runIf(process.getuid?.() === 0 && closedAncestor(repoRoot) === null)(
    "as another user with no browser anywhere, stops with one sentence",
    () => {
      const found = lookup({ PATH: emptyPath }, 65534 /* nobody */);
      expect(found).toEqual({ error: NO_BROWSER });
      expect(NO_BROWSER.split(". ").length).toBe(1);
    },
  );

  it.runIf(process.getuid?.() === 0 && readable("/etc/debian_version"))(
    "as root on Debian with no browser, installs Debian's chromium with apt-get",
    () => {
      const bin = dir("apt-bin");
      const log = path.join(scratch, "apt-get.log");
      stub(
        path.join(bin, "apt-get"),
        `echo "$@" >> ${log}\ncase "$*" in *install*) printf '#!/bin/sh\\nexit 0\\n' > ${bin}/chromium; /bin/chmod +x ${bin}/chromium;; esac`,
      );
      expect(lookup({ PATH: bin })).toEqual({ path: path.join(bin, "chromium"), source: "chromium on PATH" });
      expect(readFileSync(log, "utf8")).toMatch(
        /^update -qq\ninstall -y -qq --no-install-recommends chromium fonts-liberation\n$/,
      );
    },
  );
});

function readable(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}
