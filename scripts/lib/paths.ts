import path from "node:path";

/** The monorepo root (this file lives in scripts/lib). */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Local state for `npm start`: embedded PostgreSQL data, the generated auth secret. Git-ignored. */
export const dataDir = path.join(repoRoot, ".data");

/** An executable from the root node_modules/.bin (npm workspaces hoist every tool there). */
export function binPath(name: string): string {
  return path.join(repoRoot, "node_modules", ".bin", name);
}

/** Path relative to the repo root, for log lines. */
export function rel(p: string): string {
  return path.relative(repoRoot, p) || ".";
}
