import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";

/** Where `npm start` keeps the embedded PostgreSQL's data when the clone is closed to other users. */
export const RELOCATED_STATE_ROOT = "/var/lib/trade";

/** The first directory on the way to `dir` (itself included) that other users cannot enter, if any. */
export function closedAncestor(dir: string): string | null {
  const chain: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (d === path.dirname(d)) break;
  }
  for (const d of chain) {
    let mode: number;
    try {
      mode = statSync(d).mode;
    } catch {
      return null; // not created yet: made below a reachable parent, 0755
    }
    if ((mode & 0o001) === 0) return d;
  }
  return null;
}

/**
 * The embedded PostgreSQL's data directory for `npm start`. PostgreSQL refuses to run as root, so
 * as root it runs as `postgres`, which must enter every directory on the way to its data. In a
 * clone inside a private directory (root's home, mode 0700) `.data/pg` is out of its reach, and
 * opening root's home to everyone to fix that would be worse: the data moves to
 * `/var/lib/trade/<clone id>/pg` instead, one directory per clone (its path's hash), kept across
 * restarts like `.data/pg`.
 */
export function postgresDataDir(
  dataDir: string,
  options: { root: boolean; stateRoot?: string; repoRoot: string },
): { dir: string; relocated: string | null } {
  const inClone = path.join(dataDir, "pg");
  if (!options.root) return { dir: inClone, relocated: null };
  const closed = closedAncestor(dataDir);
  if (closed === null) return { dir: inClone, relocated: null };
  const id = createHash("sha256").update(path.resolve(options.repoRoot)).digest("hex").slice(0, 16);
  return { dir: path.join(options.stateRoot ?? RELOCATED_STATE_ROOT, id, "pg"), relocated: closed };
}
