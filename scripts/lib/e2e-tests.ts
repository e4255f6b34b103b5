import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths.ts";

export interface AppE2e {
  app: string;
  dir: string;
  files: string[];
}

const testFile = /\.(spec|test|e2e)\.(ts|tsx|mts|js|mjs)$/;

/** Apps that have Playwright tests under apps/<app>/e2e. */
export function findE2eTests(): AppE2e[] {
  const appsDir = path.join(repoRoot, "apps");
  const found: AppE2e[] = [];
  for (const app of readdirSync(appsDir).sort()) {
    const e2eDir = path.join(appsDir, app, "e2e");
    if (!existsSync(e2eDir)) continue;
    const files = (readdirSync(e2eDir, { recursive: true }) as string[]).filter((file) => testFile.test(file));
    if (files.length > 0) found.push({ app, dir: path.join(appsDir, app), files });
  }
  return found;
}
