import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { which } from "./which.ts";

/** Names a Chromium-family browser goes by on PATH (Debian, Ubuntu's snap wrapper, Google's). */
const ON_PATH = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

export interface FoundBrowser {
  path: string;
  /** Where it came from, for the log line. */
  source: string;
}

export const NO_BROWSER =
  "No Chromium for the browser tests: install one (`npx playwright install chromium`, or `apt-get install chromium` on Debian/Ubuntu), or set CHROMIUM_PATH to a Chrome or Chromium executable.";

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser the Playwright suites run in, without installing anything: CHROMIUM_PATH when set
 * (an explicit choice wins, and a wrong one is an error, not a silent fallback), else
 * Playwright's own Chromium when `npx playwright install` put it there, else the first of
 * chromium / chromium-browser / google-chrome on PATH. Undefined when there is none.
 */
export function locateBrowser(env: NodeJS.ProcessEnv = process.env): FoundBrowser | undefined {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!executable(explicit)) throw new Error(`CHROMIUM_PATH is ${explicit}, which is not an executable file.`);
    return { path: explicit, source: "CHROMIUM_PATH" };
  }
  const own = chromium.executablePath();
  if (own && existsSync(own)) return { path: own, source: "Playwright's own Chromium" };
  for (const name of ON_PATH) {
    const found = which(name, env.PATH);
    if (found) return { path: found, source: `${name} on PATH` };
  }
  return undefined;
}

/**
 * `locateBrowser`, and where it finds none: as root on Debian, installs Debian's Chromium with
 * apt-get (what .ci/run does); anywhere else throws NO_BROWSER, one sentence saying what to
 * install. Never lets the browser tests run into Playwright's "executable doesn't exist".
 */
export function ensureBrowser(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): FoundBrowser {
  const found = locateBrowser(env);
  if (found) return found;
  const root = process.getuid?.() === 0;
  const apt = which("apt-get", env.PATH);
  if (!root || !existsSync("/etc/debian_version") || !apt) throw new Error(NO_BROWSER);
  log("browser: no Chromium found; installing Debian's (apt-get install chromium), as root on Debian");
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-liberation"],
  ]) {
    const result = spawnSync(apt, args, { stdio: "inherit", env: aptEnv });
    if (result.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit code ${result.status}). ${NO_BROWSER}`);
  }
  const installed = locateBrowser(env);
  if (!installed) throw new Error(`apt-get installed chromium, but no chromium is on PATH. ${NO_BROWSER}`);
  return installed;
}
